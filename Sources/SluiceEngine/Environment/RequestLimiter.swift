public import SluiceProviders

/// The traffic layer's rate limiter: holds a model call until its provider account has capacity
/// (requests and tokens per minute), and learns from how calls end.
///
/// The engine waits on it before each attempt, outside the run's concurrency slot, and records
/// the wait as the attempt's `limiterWait`. ``UnlimitedRequests`` (the default) never waits.
public protocol RequestLimiter: Sendable {
    /// Waits until `account` may take one more request of about `estimatedTokens`, and returns
    /// how long it waited. Throws `CancellationError` when the run is stopped meanwhile.
    func acquire(account: String, estimatedTokens: Int) async throws -> Duration

    /// A call on `account` ended, with its usage when it succeeded or its error when it failed
    /// (a `rate-limited` error with a `retry-after` tells the limiter to slow down).
    func release(account: String, usage: TokenUsage?, error: ProviderError?)
}

/// No rate limit: every request goes at once.
public struct UnlimitedRequests: RequestLimiter {
    /// The absent limiter.
    public init() {}

    /// Returns at once, having waited zero.
    public func acquire(account: String, estimatedTokens: Int) async throws -> Duration { .zero }

    /// Learns nothing.
    public func release(account: String, usage: TokenUsage?, error: ProviderError?) {}
}
