public import SluiceProviders

/// The traffic layer's rate limiter: holds a model call until its provider account has capacity
/// (requests and tokens per minute, requests in flight), and learns from how calls end.
///
/// The engine waits on it before each attempt, outside the run's concurrency slot, and records
/// the grant's wait as the attempt's `limiterWait`. ``UnlimitedRequests`` (the default) never
/// waits; `sluice run` uses ``TrafficRequestLimiter`` (docs/rate-limits-and-retries.md).
public protocol RequestLimiter: Sendable {
    /// Waits until `account` may take `request` (its prompt and `max_tokens` are the estimate)
    /// and returns the grant, which says how long it waited. `lane` is who asks (the step's
    /// name), so that one step's fan-out cannot starve another step. Throws `CancellationError`
    /// when the run is stopped meanwhile.
    func acquire(account: String, request: ModelRequest, lane: String) async throws -> LimiterGrant

    /// The call made under `grant` ended: with its usage when the provider reported it, the
    /// response's rate-limit headers when it had any, and its error when it failed (a
    /// `rate-limited` error pauses the account for its retry-after).
    func release(
        _ grant: LimiterGrant, usage: TokenUsage?, rateLimits: RateLimitSnapshot?, error: ProviderError?)
        async
}

/// Leave from a ``RequestLimiter`` to make one call; hand it back with ``RequestLimiter/release(_:usage:rateLimits:error:)``.
public struct LimiterGrant: Sendable, Hashable {
    /// The account the call is made on.
    public var account: String
    /// How long the call waited for the grant.
    public var waited: Duration
    /// Tells the grants of one limiter apart.
    public var id: Int

    /// A grant with the given fields.
    public init(account: String, waited: Duration = .zero, id: Int = 0) {
        self.account = account
        self.waited = waited
        self.id = id
    }
}

/// No rate limit: every request goes at once.
public struct UnlimitedRequests: RequestLimiter {
    /// The absent limiter.
    public init() {}

    /// Returns at once, having waited zero.
    public func acquire(account: String, request: ModelRequest, lane: String) async throws -> LimiterGrant {
        LimiterGrant(account: account)
    }

    /// Learns nothing.
    public func release(
        _ grant: LimiterGrant, usage: TokenUsage?, rateLimits: RateLimitSnapshot?, error: ProviderError?
    )
        async
    {}
}
