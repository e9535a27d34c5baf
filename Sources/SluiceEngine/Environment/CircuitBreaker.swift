public import SluiceProviders

/// The traffic layer's breaker: stops calls to a provider account that keeps failing, so a
/// run does not hammer a server that is down, and lets a trial call through later.
///
/// The engine asks before each call, once the rate limiter has granted it: a refused call is not
/// made (and so not recorded as an attempt): the step notes the skip and moves to its chain's
/// next model. ``ClosedBreaker`` (the default) never refuses.
public protocol CircuitBreaker: Sendable {
    /// Whether a call on `account` may go now. Asking may move the breaker (open → half-open:
    /// this call is the probe); the answer then carries that change, for the transcript.
    func admit(account: String) -> BreakerVerdict

    /// A call on `account` ended: `error` is `nil` when it succeeded. Returns the breaker's
    /// change of state this caused (`closed → open: …`), for the run's transcript, if any.
    @discardableResult
    func record(account: String, error: ProviderError?) -> String?
}

/// A breaker that never opens.
public struct ClosedBreaker: CircuitBreaker {
    /// The breaker that lets everything through.
    public init() {}

    /// Always lets the call go.
    public func admit(account: String) -> BreakerVerdict { .call(change: nil) }

    /// Ignores the result.
    public func record(account: String, error: ProviderError?) -> String? { nil }
}
