import SluiceCore
public import SluiceProviders

/// How long to wait before retrying a failed call: exponential backoff with full jitter, or the
/// provider's own delay when it sent one.
///
/// Before retry `n` (1 for the first retry) the backoff wait is drawn uniformly from
/// `0…min(cap, base × 2^(n-1))` ("full jitter"), so concurrent callers that failed together do
/// not come back together. A delay the provider asked for comes first (the adapter has already
/// read it in the order `retry-after-ms`, `retry-after` in seconds or as an HTTP date, Gemini's
/// `RetryInfo`, then the reset of an exhausted rate-limit bucket); it is honoured as sent when it
/// is within `cap`, and reported as ``RetryDelay/exceedsCap`` when longer, so the caller moves to
/// its fallback instead of sleeping (or fails when there is none).
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's wait; each further retry doubles it.
    public var base: Duration
    /// The longest wait: for the backoff's ceiling, and for a provider's delay to be honoured.
    public var cap: Duration
    /// Attempts per model, the first one included (so `attempts - 1` retries).
    public var attempts: Int

    /// The defaults: 500 ms doubling up to 30 s, 3 attempts per model.
    public static let standard = Backoff(base: .milliseconds(500), cap: .seconds(30), attempts: 3)

    /// A backoff with the given base, cap and attempts (at least one attempt; base and cap at
    /// least zero, and the cap no lower than the base).
    public init(base: Duration, cap: Duration, attempts: Int) {
        self.base = max(base, .zero)
        self.cap = max(cap, self.base)
        self.attempts = max(1, attempts)
    }

    /// Whether another attempt is allowed after `attemptsMade` attempts on one model.
    public func allowsRetry(afterAttempts attemptsMade: Int) -> Bool {
        attemptsMade < attempts
    }

    /// The most the backoff waits before retry `retry`: `min(cap, base × 2^(retry-1))`.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 40)
        let doubled = base.seconds * Double(UInt64(1) << UInt64(exponent))
        return doubled >= cap.seconds ? cap : base * (1 << exponent)
    }

    /// A full-jitter wait before retry `retry`: uniform in `0…ceiling(beforeRetry:)`.
    public func jitteredWait(
        beforeRetry retry: Int, using random: inout some RandomNumberGenerator
    ) -> Duration {
        let ceiling = ceiling(beforeRetry: retry)
        let fraction = Double(random.next() >> 11) / Double(UInt64(1) << 53)
        return .fromMilliseconds(ceiling.milliseconds * fraction)
    }

    /// The wait before retry `retry` after `error`: the provider's delay when it sent one,
    /// otherwise the jittered backoff.
    public func delay(
        beforeRetry retry: Int, after error: ProviderError, using random: inout some RandomNumberGenerator
    ) -> RetryDelay {
        if let serverDelay = error.retryAfter {
            return serverDelay > cap ? .exceedsCap(serverDelay) : .wait(max(serverDelay, .zero), source: .provider)
        }
        return .wait(jitteredWait(beforeRetry: retry, using: &random), source: .backoff)
    }
}

/// The wait ``Backoff`` settles on before a retry.
public enum RetryDelay: Sendable, Hashable {
    /// Wait this long, as the source says.
    case wait(Duration, source: Source)
    /// The provider asked for a longer wait than the cap: move to the fallback (or fail).
    case exceedsCap(Duration)

    /// Where a wait came from.
    public enum Source: String, Sendable, Hashable {
        /// The provider's `retry-after-ms`, `retry-after`, `RetryInfo` or rate-limit reset.
        case provider
        /// The exponential backoff with full jitter.
        case backoff
    }
}
