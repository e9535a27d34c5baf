import SluiceCore

/// How long to wait before retrying a failed call: exponential backoff with full jitter, with the
/// provider's own delay first. The one place retry waits are computed; the engine's `RetryPolicy`
/// decides *whether* to retry and asks this for *how long*.
///
/// Before retry `n` (1 for the first retry) the backoff's wait is drawn uniformly from
/// `0…min(cap, base × 2^(n-1))` ("full jitter"), so concurrent callers that failed together do
/// not come back together. A delay the provider asked for (`retry-after-ms`, `retry-after`,
/// `RetryInfo`, a bucket's reset) is a floor on that wait while it is within `cap`; a longer one
/// is not waited for at all (docs/rate-limits-and-retries.md).
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's wait; each further retry doubles it.
    public var base: Duration
    /// The largest ceiling, and the longest provider delay that is waited for.
    public var cap: Duration

    /// The defaults: 500 ms doubling up to 30 s.
    public static let standard = Backoff(base: .milliseconds(500), cap: .seconds(30))

    /// A backoff with the given base and cap (both at least zero, the cap no lower than the base).
    public init(base: Duration, cap: Duration) {
        self.base = max(base, .zero)
        self.cap = max(cap, self.base)
    }

    /// The wait before a retry, or why there is none.
    public enum Delay: Sendable, Hashable {
        /// Wait this long, then retry.
        case wait(Duration)
        /// The provider asked to wait this long, more than ``Backoff/cap``: do not wait for it.
        case beyondCap(Duration)
    }

    /// The most the backoff waits before retry `retry`: `min(cap, base × 2^(retry-1))`.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 40)
        let doubled = base.seconds * Double(UInt64(1) << UInt64(exponent))
        return doubled >= cap.seconds ? cap : base * (1 << exponent)
    }

    /// The wait before retry `retry`: `fraction` (a random number in `0…1`) of the ceiling, or
    /// `serverDelay` when the provider asked for longer than that; ``Delay/beyondCap(_:)`` when
    /// `serverDelay` is longer than ``cap``.
    public func delay(beforeRetry retry: Int, serverDelay: Duration? = nil, fraction: Double) -> Delay {
        if let serverDelay, !waits(for: serverDelay) { return .beyondCap(serverDelay) }
        let jittered = Duration.fromMilliseconds(
            ceiling(beforeRetry: retry).milliseconds * min(max(fraction, 0), 1))
        return .wait(max(jittered, serverDelay ?? .zero))
    }

    /// Whether a provider's delay of `serverDelay` is short enough to wait for (at most ``cap``).
    public func waits(for serverDelay: Duration) -> Bool {
        serverDelay <= cap
    }
}
