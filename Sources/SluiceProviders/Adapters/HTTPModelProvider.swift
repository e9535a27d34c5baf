import Foundation
public import Logging
public import SluiceCore

/// A model provider reached over HTTP: one account (settings, key, transport) speaking one
/// ``WireDialect``.
///
/// It keeps the ``ModelProvider`` contract: `started` once the status and first chunk are
/// known, text deltas, the last usage the provider reported, then `finished`; or a
/// ``ProviderError`` (after a `started` holding the status and rate-limit snapshot, when the
/// server answered with an error status). A stream that ends without its terminator (`[DONE]`, `message_stop`, a
/// final `finishReason`) fails with ``ProviderError/Code/streamTruncated``. A provider whose key
/// is missing fails every call before sending anything, with the variable named.
public struct HTTPModelProvider: ModelProvider {
    /// The provider name from the settings.
    public var name: String { settings.name }
    /// The account's settings.
    public let settings: ProviderSettings
    private let dialect: any WireDialect
    private let transport: any HTTPTransport
    private let key: Result<String?, ProviderError>
    private let redactor: SecretRedactor
    private let logger: Logger

    /// A provider for `settings`, reading its key from `keys` now (a missing key is reported on
    /// each call, so building the registry never fails for a provider a pipeline does not use).
    public init(
        settings: ProviderSettings, keys: ProviderKeys, transport: any HTTPTransport, redactor: SecretRedactor,
        logger: Logger = Logger(label: "sluice.providers")
    ) {
        self.settings = settings
        self.dialect = Self.dialect(for: settings)
        self.transport = transport
        self.key = Result { () throws(ProviderError) in try keys.key(for: settings) }
        self.redactor = redactor
        self.logger = logger
    }

    /// The wire format for a provider kind.
    public static func dialect(for settings: ProviderSettings) -> any WireDialect {
        switch settings.kind {
        case .anthropic: AnthropicMessagesDialect()
        case .gemini: GeminiDialect()
        case .openai, .local: OpenAIChatDialect(quirks: OpenAIChatDialect.Quirks(settings: settings))
        }
    }

    /// Starts the call; see ``ModelProvider/stream(_:)``.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ModelEvent.self)
        let task = Task {
            do {
                try await call(request) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func call(_ request: ModelRequest, emit: (ModelEvent) -> Void) async throws {
        let key = try key.get()
        guard let base = settings.baseURL.flatMap(URL.init(string:)) else {
            throw ProviderError(
                code: .badRequest, message: "provider '\(name)' has no valid base_url in sluice.yaml", provider: name)
        }
        let httpRequest = try dialect.httpRequest(for: request, baseURL: base, key: key)
        let began = ContinuousClock.now
        let response: HTTPStreamingResponse
        do {
            response = try await transport.send(httpRequest)
        } catch let error as HTTPTransportError {
            logFailure(httpRequest, error: "\(error)")
            throw ProviderError(transport: error, provider: name, redactor: redactor)
        }
        let rateLimits = RateLimitSnapshot(headers: response.headers)
        let requestID = response.headers["x-request-id"] ?? response.headers["request-id"]
        guard (200..<300).contains(response.status) else {
            let body = try await readBody(response)
            logExchange(httpRequest, response, requestID: requestID, rateLimits: rateLimits, since: began)
            // The status and headers did arrive: callers learn the status and the rate-limit
            // snapshot (a 429's remaining and reset) before the error.
            emit(.started(ResponseInfo(httpStatus: response.status, requestID: requestID, rateLimits: rateLimits)))
            throw ProviderError(
                httpStatus: response.status, headers: response.headers, body: body, provider: name,
                keyVariable: ProviderKeys.variables(for: settings).first, redactor: redactor)
        }
        var assembler = EventAssembler(
            info: ResponseInfo(httpStatus: response.status, requestID: requestID, rateLimits: rateLimits))
        let isEventStream = response.headers["content-type"]?.contains("text/event-stream") ?? false
        if request.stream || isEventStream {
            try await readStream(response, into: &assembler, emit: emit)
        } else {
            let body = try await readBody(response)
            let json: JSONValue
            do {
                json = try JSONValue(parsing: body)
            } catch {
                throw ProviderError(
                    code: .invalidResponse, message: "the response body is not JSON (\(error))", provider: name)
            }
            for part in try dialect.decodeResponse(json, provider: name, redactor: redactor) {
                assembler.add(part, emit: emit)
            }
        }
        logExchange(httpRequest, response, requestID: requestID, rateLimits: rateLimits, since: began)
        guard let reason = assembler.finishReason else {
            throw ProviderError(
                code: .streamTruncated, message: "the response ended before the provider said it was complete",
                provider: name)
        }
        assembler.finish(reason, emit: emit)
    }

    private func readStream(
        _ response: HTTPStreamingResponse, into assembler: inout EventAssembler, emit: (ModelEvent) -> Void
    ) async throws {
        var parser = ServerSentEventParser()
        var decoder = dialect.makeStreamDecoder(provider: name, redactor: redactor)
        do {
            reading: for try await chunk in response.body {
                for event in parser.feed(chunk) {
                    logger.trace(
                        "stream event",
                        metadata: ["provider": "\(name)", "data": "\(redactor.redact(text: event.data))"])
                    for part in try decoder.decode(event) {
                        if part == .done { break reading }
                        assembler.add(part, emit: emit)
                    }
                }
            }
            if let last = parser.finish() {
                for part in try decoder.decode(last) where part != .done { assembler.add(part, emit: emit) }
            }
        } catch let error as HTTPTransportError {
            throw ProviderError(transport: error, provider: name, redactor: redactor)
        }
        guard decoder.isComplete else {
            throw ProviderError(
                code: .streamTruncated,
                message: "the stream ended before the provider's end-of-response marker", provider: name)
        }
    }

    private func readBody(_ response: HTTPStreamingResponse) async throws -> [UInt8] {
        do {
            return try await response.collectBody()
        } catch let error as HTTPTransportError {
            throw ProviderError(transport: error, provider: name, redactor: redactor)
        }
    }

    // MARK: - Request logging

    private func logExchange(
        _ request: ProviderHTTPRequest, _ response: HTTPStreamingResponse, requestID: String?,
        rateLimits: RateLimitSnapshot?, since began: ContinuousClock.Instant
    ) {
        var metadata: Logger.Metadata = [
            "provider": "\(name)", "status": "\(response.status)",
            "first_byte": "\(response.timings.firstByte)", "total": "\(ContinuousClock.now - began)",
        ]
        if let connected = response.timings.connected { metadata["connect"] = "\(connected)" }
        if let requestID { metadata["request_id"] = "\(requestID)" }
        if let rateLimits { metadata["rate_limits"] = "\(rateLimits.summary)" }
        logger.debug("\(request.method) \(redactor.redact(text: request.url.absoluteString))", metadata: metadata)
        if logger.logLevel <= .trace {
            let body = String(decoding: request.body, as: UTF8.self)
            logger.trace("request body", metadata: ["provider": "\(name)", "body": "\(redactor.redact(text: body))"])
        }
    }

    private func logFailure(_ request: ProviderHTTPRequest, error: String) {
        logger.debug(
            "\(request.method) \(redactor.redact(text: request.url.absoluteString)) failed",
            metadata: ["provider": "\(name)", "error": "\(redactor.redact(text: error))"])
    }
}

/// Puts response parts into the ``ModelProvider`` event order: `started` before the first
/// delta, usage held until the end (the last value wins), `finished` last.
private struct EventAssembler {
    var info: ResponseInfo
    var started = false
    var usage: TokenUsage?
    var finishReason: FinishReason?

    init(info: ResponseInfo) {
        self.info = info
    }

    mutating func add(_ part: WirePart, emit: (ModelEvent) -> Void) {
        switch part {
        case .model(let model):
            if !started { info.model = model }
        case .text(let text):
            start(emit: emit)
            emit(.textDelta(text))
        case .usage(let tokens):
            usage = tokens
        case .finish(let reason):
            finishReason = reason
        case .done:
            break
        }
    }

    mutating func start(emit: (ModelEvent) -> Void) {
        guard !started else { return }
        started = true
        emit(.started(info))
    }

    mutating func finish(_ reason: FinishReason, emit: (ModelEvent) -> Void) {
        start(emit: emit)
        if let usage { emit(.usage(usage)) }
        emit(.finished(reason))
    }
}
