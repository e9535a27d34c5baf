public import SluiceCore

/// One event in a model response stream; see ``ModelProvider`` for the order they come in.
public enum ModelEvent: Sendable, Hashable {
    /// The response began: for HTTP, the status and headers arrived.
    case started(ResponseInfo)
    /// The next piece of response text.
    case textDelta(String)
    /// The final token counts.
    case usage(TokenUsage)
    /// The response is complete, for the given reason.
    case finished(FinishReason)
}

/// What is known about a response when it begins.
public struct ResponseInfo: Sendable, Hashable {
    /// The HTTP status, for HTTP providers.
    public var httpStatus: Int?
    /// The model that answered, as the provider names it (may differ from the one asked for).
    public var model: String?
    /// The provider's request id, for support tickets.
    public var requestID: String?
    /// The rate-limit headers of the response, when it had any.
    public var rateLimits: RateLimitSnapshot?

    /// Response information with the given fields.
    public init(
        httpStatus: Int? = nil, model: String? = nil, requestID: String? = nil, rateLimits: RateLimitSnapshot? = nil
    ) {
        self.httpStatus = httpStatus
        self.model = model
        self.requestID = requestID
        self.rateLimits = rateLimits
    }
}

/// Token counts for one response, normalised across providers.
public struct TokenUsage: Sendable, Hashable {
    /// Input tokens, including any served from the provider's prompt cache.
    public var inputTokens: Int
    /// Output tokens, including reasoning tokens.
    public var outputTokens: Int
    /// Input tokens served from the provider's prompt cache, when reported.
    public var cachedInputTokens: Int?

    /// Usage with the given counts.
    public init(inputTokens: Int, outputTokens: Int, cachedInputTokens: Int? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
    }

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }
}
