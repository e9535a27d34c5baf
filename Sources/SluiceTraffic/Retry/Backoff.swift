import SluiceCore

/// How long to wait before retrying a failed call: exponential backoff with full jitter.
///
/// Before retry `n` (1 for the first retry) the wait is drawn uniformly from
/// `0…min(cap, base × 2^(n-1))` ("full jitter"), so concurrent callers that failed together do
/// not come back together. The engine's `RetryPolicy` asks it for the wait and puts the
/// provider's own delay first (docs/rate-limits-and-retries.md).
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's wait; each further retry doubles it.
    public var base: Duration
    /// The largest ceiling.
    public var cap: Duration

    /// The defaults: 500 ms doubling up to 30 s.
    public static let standard = Backoff(base: .milliseconds(500), cap: .seconds(30))

    /// A backoff with the given base and cap (both at least zero, the cap no lower than the base).
    public init(base: Duration, cap: Duration) {
        self.base = max(base, .zero)
        self.cap = max(cap, self.base)
    }

    /// The most the backoff waits before retry `retry`: `min(cap, base × 2^(retry-1))`.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 40)
        let doubled = base.seconds * Double(UInt64(1) << UInt64(exponent))
        return doubled >= cap.seconds ? cap : base * (1 << exponent)
    }

    /// The wait before retry `retry` for a random `fraction` in `0…1`: that fraction of the
    /// ceiling. Callers with their own source of randomness use this one.
    public func wait(beforeRetry retry: Int, fraction: Double) -> Duration {
        .fromMilliseconds(ceiling(beforeRetry: retry).milliseconds * min(max(fraction, 0), 1))
    }

    /// A full-jitter wait before retry `retry`, drawn from `random` (`SeededRandom` in tests, so
    /// a seed reproduces a sequence).
    public func jitteredWait(beforeRetry retry: Int, using random: inout some RandomNumberGenerator) -> Duration {
        wait(beforeRetry: retry, fraction: Double(random.next() >> 11) / Double(UInt64(1) << 53))
    }
}
