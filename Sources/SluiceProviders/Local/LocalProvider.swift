import SluiceCore
import SluiceSchema
import Synchronization

/// The embedded `local` provider: an in-process, deterministic model simulator.
///
/// It needs no key and no network, so every pipeline runs end to end on a fresh clone, in CI
/// and in tests. Its text derives from a SHA-256 of the request (same request, same text, on any
/// machine) and always starts with `[synthetic]`, so nobody mistakes it for a model's answer. It
/// streams deltas (one per word) at a configurable pace, reports token usage as
/// ``TokenEstimate`` counts, honours `max_tokens` (finish reason `length`) and `stop`, writes
/// `<tag>…</tag>` elements for XML steps, and simulates latency and failures through its
/// variants (``LocalVariant``). docs/local-provider.md describes it for users.
///
/// One instance serves a whole run: ``inFlight`` counts the requests it serves at once, which
/// is how tests check concurrency caps, and `local/flaky` remembers how often it has seen each
/// request.
public final class LocalProvider: ModelProvider {
    /// Pacing and failure settings.
    public struct Configuration: Sendable {
        /// Pause between deltas for every variant but `slow`; zero streams as fast as the consumer reads.
        public var deltaInterval: Duration
        /// Pause before the first delta for `local/slow`.
        public var slowFirstTokenLatency: Duration
        /// Pause between deltas for `local/slow`.
        public var slowDeltaInterval: Duration
        /// The retry-after `local/ratelimited` asks for.
        public var rateLimitRetryAfter: Duration
        /// How long `local/stall` stays silent before failing with `stream-stalled`.
        public var stallDuration: Duration
        /// The clock pauses are measured on; tests pass one that does not really wait.
        public var clock: any Clock<Duration>

        /// Settings for demos: an unpaced `local`, and a `local/slow` that takes about two seconds.
        public init(
            deltaInterval: Duration = .zero,
            slowFirstTokenLatency: Duration = .milliseconds(800),
            slowDeltaInterval: Duration = .milliseconds(40),
            rateLimitRetryAfter: Duration = .seconds(1),
            stallDuration: Duration = .seconds(3600),
            clock: any Clock<Duration> = ContinuousClock()
        ) {
            self.deltaInterval = deltaInterval
            self.slowFirstTokenLatency = slowFirstTokenLatency
            self.slowDeltaInterval = slowDeltaInterval
            self.rateLimitRetryAfter = rateLimitRetryAfter
            self.stallDuration = stallDuration
            self.clock = clock
        }
    }

    /// `local`.
    public let name = "local"

    /// Always: every text is the simulator's, never a model's.
    public let producesSyntheticOutput = true

    /// The pacing and failure settings.
    public let configuration: Configuration

    private let counter = InFlightCounter()

    /// Attempts seen per variant and request seed, for the variants that fail the first attempts.
    private let attemptsSeen = Mutex([String: Int]())

    /// A provider with the given settings.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The model ids the provider accepts (`default`, `echo`, `slow`…).
    public static var modelIDs: [String] { LocalVariant.allCases.map(\.rawValue) }

    /// Requests being served now, and the most served at once.
    public var inFlight: InFlightCount { counter.snapshot }

    /// Restarts peak counting from the current count.
    public func resetPeak() { counter.resetPeak() }

    /// Returns once no request is being served (immediately when none is).
    public func waitUntilIdle() async { await counter.waitUntilIdle() }

    /// Starts a simulated response; see ``ModelProvider`` for the event contract.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ModelEvent.self)
        counter.enter()
        let task = Task { [self] in
            defer { counter.leave() }
            do {
                try await respond(to: request, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: - Simulation

    private func respond(
        to request: ModelRequest,
        into continuation: AsyncThrowingStream<ModelEvent, any Error>.Continuation
    ) async throws {
        guard let variant = LocalVariant(modelID: request.model) else {
            throw unknownModel(request.model)
        }
        try validate(request)
        let generator = LocalTextGenerator(request: request)
        try simulateFailure(variant, request: request, seed: generator.seed)

        let fullText = try text(for: request, variant: variant, generator: generator)
        let (text, reason) = Self.truncate(fullText, stop: request.stop, maxTokens: request.maxTokens)

        continuation.yield(.started(ResponseInfo(httpStatus: nil, model: "local/\(variant.rawValue)")))
        if variant == .stall {
            try await pause(configuration.stallDuration)
            throw ProviderError(
                code: .streamStalled,
                message: "local/stall: simulated stream that sent nothing for \(configuration.stallDuration)",
                provider: name)
        }
        let interval = variant == .slow ? configuration.slowDeltaInterval : configuration.deltaInterval
        if variant == .slow { try await pause(configuration.slowFirstTokenLatency) }
        let deltas = request.stream ? Self.wordDeltas(text) : [text]
        for (index, delta) in deltas.enumerated() where !delta.isEmpty {
            if index > 0 { try await pause(interval) }
            try Task.checkCancellation()
            continuation.yield(.textDelta(delta))
        }
        let inputText = request.messages.map(\.content).joined()
        continuation.yield(
            .usage(
                TokenUsage(
                    inputTokens: TokenEstimate.tokens(in: inputText), outputTokens: TokenEstimate.tokens(in: text))))
        continuation.yield(.finished(reason))
    }

    private func text(for request: ModelRequest, variant: LocalVariant, generator: LocalTextGenerator) throws -> String
    {
        switch request.responseFormat {
        case .text:
            if variant == .echo {
                let prompt = request.messages.last { $0.role == .user }?.content ?? ""
                return "\(LocalTextGenerator.marker) \(prompt)"
            }
            return generator.prose()
        case .xml(let tags):
            return generator.taggedText(tags: tags)
        case .json(nil):
            // JSON without a schema: an object whose only member is labelled synthetic prose.
            return JSONValue.object(["text": .string(generator.prose())]).formatted(.pretty)
        case .json(let schema?):
            guard let instance = SyntheticInstance.generate(for: schema, seed: generator.numericSeed) else {
                throw ProviderError(
                    code: .unsupported,
                    message:
                        "the local provider could not build an instance of the output schema (it may be unsatisfiable, need more than 10,000 characters, items or properties, or use a pattern with look-arounds)",
                    provider: name)
            }
            return instance.formatted(.pretty)
        }
    }

    /// Cuts the text at the earliest stop sequence, then at `maxTokens` estimated tokens.
    static func truncate(_ text: String, stop: [String], maxTokens: Int?) -> (String, FinishReason) {
        var result = Substring(text)
        for sequence in stop where !sequence.isEmpty {
            if let range = result.firstRange(of: sequence) { result = result[..<range.lowerBound] }
        }
        if let maxTokens, TokenEstimate.tokens(in: String(result)) > maxTokens {
            return (String(result.prefix(maxTokens * TokenEstimate.charactersPerToken)), .length)
        }
        return (String(result), .completed)
    }

    /// The text in pieces of one word each, the space kept with the word before it.
    static func wordDeltas(_ text: String) -> [String] {
        var deltas: [String] = []
        var current = ""
        for character in text {
            if character.isWhitespace, !current.isEmpty, !(current.last?.isWhitespace ?? false) {
                current.append(character)
                deltas.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { deltas.append(current) }
        return deltas
    }

    private func pause(_ duration: Duration) async throws {
        guard duration > .zero else {
            try Task.checkCancellation()
            return
        }
        try await configuration.clock.sleep(for: duration)
    }

    private func validate(_ request: ModelRequest) throws {
        if let maxTokens = request.maxTokens, maxTokens < 1 {
            throw ProviderError(
                code: .badRequest, message: "max_tokens must be at least 1, not \(maxTokens)", provider: name)
        }
        if request.messages.isEmpty {
            throw ProviderError(code: .badRequest, message: "the request has no messages", provider: name)
        }
    }

    private func simulateFailure(_ variant: LocalVariant, request: ModelRequest, seed: [UInt8]) throws {
        switch variant {
        case .standard, .echo, .slow, .stall:
            return
        case .down:
            throw ProviderError(
                code: .serverError, message: "local/down: simulated outage (503), every attempt fails",
                provider: name, httpStatus: 503)
        case .fail:
            throw ProviderError(
                code: .badRequest, message: "local/fail: simulated invalid request (400), never retryable",
                provider: name, httpStatus: 400)
        case .flaky, .rateLimited:
            let failures = variant == .flaky ? max(0, request.extraParameters["failures"]?.intValue ?? 1) : 1
            let key = variant.rawValue + ":" + seed.map { String($0) }.joined(separator: ",")
            let attempt = attemptsSeen.withLock { seen -> Int in
                seen[key, default: 0] += 1
                return seen[key, default: 0]
            }
            guard attempt <= failures else { return }
            if variant == .rateLimited {
                throw ProviderError(
                    code: .rateLimited, message: "local/ratelimited: simulated rate limit (429) on attempt \(attempt)",
                    provider: name, httpStatus: 429, retryAfter: configuration.rateLimitRetryAfter)
            }
            throw ProviderError(
                code: .serverError,
                message: "local/flaky: simulated server error (503) on attempt \(attempt) of \(failures) failing",
                provider: name, httpStatus: 503)
        }
    }

    private func unknownModel(_ model: String) -> ProviderError {
        var message = "the local provider has no model '\(model)'"
        if let suggestion = NameSuggestion.nearest(to: model, in: Self.modelIDs) {
            message += "; did you mean 'local/\(suggestion)'?"
        }
        return ProviderError(
            code: .notFound, message: message + " (models: \(Self.modelIDs.joined(separator: ", ")))", provider: name)
    }
}
