public import Foundation
public import SluiceCore

/// One provider wire format: how a ``ModelRequest`` becomes an HTTP request and how the
/// response, streamed or not, becomes ``ModelEvent``s. ``HTTPModelProvider`` does the rest
/// (sending, SSE framing, event order, errors) the same way for every dialect.
public protocol WireDialect: Sendable {
    /// The HTTP request for `request`, with the key in the dialect's header (never the URL).
    func httpRequest(for request: ModelRequest, baseURL: URL, key: String?) throws(ProviderError) -> ProviderHTTPRequest

    /// What a complete non-streamed response body says.
    func decodeResponse(
        _ body: JSONValue, provider: String, redactor: SecretRedactor
    ) throws(ProviderError)
        -> [WirePart]

    /// A fresh decoder for one streamed response.
    func makeStreamDecoder(provider: String, redactor: SecretRedactor) -> any WireStreamDecoder
}

/// Reads one streamed response, event by event.
public protocol WireStreamDecoder: Sendable {
    /// What the event says; throws the error a mid-stream error event carries.
    mutating func decode(_ event: ServerSentEvent) throws(ProviderError) -> [WirePart]
    /// Whether the stream, as it ended, was complete (its terminator or final chunk arrived).
    var isComplete: Bool { get }
}

/// One piece of a provider response, before ``HTTPModelProvider`` orders them into events.
public enum WirePart: Sendable, Hashable {
    /// The model that answered.
    case model(String)
    /// More response text.
    case text(String)
    /// Token counts so far (providers send running totals; the last one wins).
    case usage(TokenUsage)
    /// Why the response ended.
    case finish(FinishReason)
    /// The provider's end-of-stream marker: stop reading.
    case done
}

extension JSONValue {
    /// The compact UTF-8 bytes of the value, for request bodies.
    var requestBody: [UInt8] { Array(formatted(.compact).utf8) }
}

/// Checks every dialect shares on the JSON a provider sends.
enum WireJSON {
    /// A stream event's data as JSON, or an ``ProviderError/Code/invalidResponse`` error.
    static func parse(event data: String, provider: String) throws(ProviderError) -> JSONValue {
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw ProviderError(
                code: .invalidResponse, message: "a stream event is not JSON (\(error))", provider: provider)
        }
    }

    /// Throws the error a body reports in a top-level `error` member (which some servers send
    /// with status 200, or inside a stream), or an invalid-response error when it is not an object.
    static func requireSuccess(
        _ body: JSONValue, raw: String, provider: String, redactor: SecretRedactor
    ) throws(ProviderError) {
        if let error = body["error"], !error.isNull {
            throw ProviderError(streamError: body, raw: raw, provider: provider, redactor: redactor)
        }
        guard body.objectValue != nil else {
            throw ProviderError(
                code: .invalidResponse, message: "the response is not a JSON object", provider: provider)
        }
    }
}
