public import SluiceProviders

/// The traffic layer's breaker: stops calls to a provider account that keeps failing, so a
/// run does not hammer a server that is down, and lets a trial call through later.
///
/// The engine asks before each attempt; a rejection fails the attempt with the breaker's error
/// (the retry policy then falls back or waits). ``ClosedBreaker`` (the default) never rejects.
public protocol CircuitBreaker: Sendable {
    /// Why `account` must not be called now, or `nil` when it may.
    func rejection(for account: String) -> ProviderError?

    /// A call on `account` ended: `error` is `nil` when it succeeded. Returns the breaker's
    /// change of state this caused (`closed → open: …`), for the run's transcript, if any.
    @discardableResult
    func record(account: String, error: ProviderError?) -> String?
}

/// A breaker that never opens.
public struct ClosedBreaker: CircuitBreaker {
    /// The breaker that lets everything through.
    public init() {}

    /// Always `nil`.
    public func rejection(for account: String) -> ProviderError? { nil }

    /// Ignores the result.
    public func record(account: String, error: ProviderError?) -> String? { nil }
}
