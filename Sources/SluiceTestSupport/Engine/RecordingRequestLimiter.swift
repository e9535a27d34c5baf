public import SluiceEngine
public import SluiceProviders
import Synchronization

/// A rate limiter that admits every request after a fixed, reported wait (it does not really
/// wait) and records which accounts asked and how their calls ended.
public final class RecordingRequestLimiter: RequestLimiter {
    /// The wait each acquisition reports.
    public let reportedWait: Duration
    /// Accounts acquired and released, in order.
    private let state = Mutex<(acquired: [String], released: [(String, ProviderError?)])>(([], []))

    /// A limiter reporting `reportedWait` for every request.
    public init(reportedWait: Duration = .zero) {
        self.reportedWait = reportedWait
    }

    /// The accounts that asked for capacity, in order.
    public var acquired: [String] { state.withLock { $0.acquired } }

    /// The error codes calls ended with (`nil` for a success), in order.
    public var releasedErrors: [ProviderError.Code?] { state.withLock { $0.released.map { $0.1?.code } } }

    /// Records the account and reports ``reportedWait``.
    public func acquire(account: String, request: ModelRequest, lane: String) async throws -> LimiterGrant {
        try Task.checkCancellation()
        state.withLock { $0.acquired.append(account) }
        return LimiterGrant(account: account, waited: reportedWait)
    }

    /// Records how the call ended.
    public func release(
        _ grant: LimiterGrant, usage: TokenUsage?, rateLimits: RateLimitSnapshot?, error: ProviderError?
    )
        async
    {
        state.withLock { $0.released.append((grant.account, error)) }
    }
}
