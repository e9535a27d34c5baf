public import SluiceProviders

/// What one request takes from its account's budgets: one request, and its tokens.
///
/// Before a call the tokens are an estimate (``estimate(for:)``); after it, the limiter
/// reconciles them with the usage the provider reported.
public struct RequestCost: Sendable, Hashable, Codable {
    /// Input (prompt) tokens.
    public var inputTokens: Int
    /// Output tokens.
    public var outputTokens: Int

    /// A cost of one request with the given tokens.
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = max(0, inputTokens)
        self.outputTokens = max(0, outputTokens)
    }

    /// The output tokens assumed for a request that sets no `max_tokens`.
    public static let defaultOutputTokens = 1024

    /// The estimate made before a call: the prompt's size (every message's text, one token per
    /// four characters, as ``TokenEstimate`` counts) plus `max_tokens` (or
    /// ``defaultOutputTokens`` when the request sets none) for the output. It errs high, since
    /// few answers use all of `max_tokens`; the difference is given back when usage arrives.
    public static func estimate(for request: ModelRequest) -> RequestCost {
        let input = request.messages.reduce(0) { $0 + TokenEstimate.tokens(in: $1.content) }
        return RequestCost(inputTokens: input, outputTokens: request.maxTokens ?? defaultOutputTokens)
    }

    /// The cost the provider reported.
    public init(_ usage: TokenUsage) {
        self.init(inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
    }

    /// How much of `dimension` this cost takes: 1 request, or its tokens.
    public func amount(of dimension: RateDimension) -> Double {
        switch dimension {
        case .requests: 1
        case .tokens: Double(inputTokens + outputTokens)
        case .inputTokens: Double(inputTokens)
        case .outputTokens: Double(outputTokens)
        }
    }
}
