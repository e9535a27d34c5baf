public import SluiceProviders

/// The limits of one provider account as configured: requests and tokens per minute, and how
/// many requests may be in flight at once. A limit left `nil` is unknown: the limiter may still
/// learn it from the provider's rate-limit headers.
public struct TrafficLimits: Sendable, Hashable {
    /// The per-minute limits that are set, by dimension.
    public var perMinute: [RateDimension: Int]
    /// Requests in flight at once, at most, in this process.
    public var maximumConcurrency: Int?

    /// Limits with the given values; zero or negative values count as unset.
    public init(
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, inputTokensPerMinute: Int? = nil,
        outputTokensPerMinute: Int? = nil, maximumConcurrency: Int? = nil
    ) {
        var perMinute: [RateDimension: Int] = [:]
        perMinute[.requests] = requestsPerMinute
        perMinute[.tokens] = tokensPerMinute
        perMinute[.inputTokens] = inputTokensPerMinute
        perMinute[.outputTokens] = outputTokensPerMinute
        self.perMinute = perMinute.filter { $0.value > 0 }
        self.maximumConcurrency = maximumConcurrency.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The limits `sluice.yaml` sets for a provider (`rpm`, `tpm`, `itpm`, `otpm`, `max_concurrency`).
    public init(_ settings: ProviderSettings) {
        self.init(
            requestsPerMinute: settings.requestsPerMinute, tokensPerMinute: settings.tokensPerMinute,
            inputTokensPerMinute: settings.inputTokensPerMinute, outputTokensPerMinute: settings.outputTokensPerMinute,
            maximumConcurrency: settings.maximumConcurrency)
    }

    /// No limit known.
    public static let none = TrafficLimits()
}
