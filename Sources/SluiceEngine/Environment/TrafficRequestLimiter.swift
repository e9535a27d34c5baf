public import SluiceProviders
public import SluiceTraffic
import Synchronization

/// The engine's ``RequestLimiter`` on the traffic layer: each call waits in its account's
/// ``RateLimiter`` (rates, tokens, concurrency, shared 429 pauses, fairness between steps) and
/// hands its permit back with its usage and rate-limit headers when it ends.
///
/// The engine names accounts by provider; this maps each provider to its ``ProviderAccount``
/// (the provider and a fingerprint of its key). A provider not in the map is not limited: its
/// calls are granted at once (the embedded `local` simulator, unless `sluice.yaml` gives it
/// limits). A call on an account whose circuit breaker is refusing calls is granted at once
/// without spending anything: the breaker will refuse it, and the step skips to its fallback.
public final class TrafficRequestLimiter: RequestLimiter {
    private let limiter: RateLimiter
    private let accounts: [String: ProviderAccount]
    private let breakers: AccountBreakers?
    /// Permits of calls in flight, by grant id, and the next id.
    private let permits = Mutex<(nextID: Int, held: [Int: TrafficPermit])>((0, [:]))

    /// A limiter over `limiter` for the providers in `accounts` (by provider name).
    public init(limiter: RateLimiter, accounts: [String: ProviderAccount], breakers: AccountBreakers? = nil) {
        self.limiter = limiter
        self.accounts = accounts
        self.breakers = breakers
    }

    /// Waits for the account's capacity for the request's estimate (its prompt plus `max_tokens`).
    public func acquire(account: String, request: ModelRequest, lane: String) async throws -> LimiterGrant {
        guard let providerAccount = accounts[account] else { return LimiterGrant(account: account) }
        if let breakers, breakers.isRefusing(providerAccount) {
            return LimiterGrant(account: account)
        }
        let permit = try await limiter.acquire(RequestCost.estimate(for: request), on: providerAccount, lane: lane)
        let id = permits.withLock { permits -> Int in
            permits.nextID += 1
            permits.held[permits.nextID] = permit
            return permits.nextID
        }
        return LimiterGrant(account: account, waited: permit.waited, id: id)
    }

    /// Frees the call's slot, reconciles its tokens, learns from its headers and pauses the
    /// account on a 429.
    public func release(
        _ grant: LimiterGrant, usage: TokenUsage?, rateLimits: RateLimitSnapshot?, error: ProviderError?
    )
        async
    {
        guard let permit = permits.withLock({ $0.held.removeValue(forKey: grant.id) }) else { return }
        // The slot is freed even when the ledger cannot be written; the budget then keeps the
        // estimate, which only errs on the side of waiting.
        try? await limiter.finish(permit, usage: usage, rateLimits: rateLimits, error: error)
    }
}
