/// How long to wait before retrying a failed model call: exponential backoff with full jitter.
///
/// Before retry `n` (from 1) the wait is a uniformly random duration between zero and
/// `min(maximumDelay, baseDelay × 2^(n-1))`. When the provider asked for a wait (`retry-after`),
/// the wait is at least that long (still capped by `maximumDelay`).
public struct RetryPolicy: Sendable {
    /// The cap on the first retry's wait; each further retry doubles it.
    public var baseDelay: Duration
    /// The longest any single wait may be.
    public var maximumDelay: Duration
    /// A random number in `0..<1`; tests pass a fixed one.
    public var random: @Sendable () -> Double
    /// Waits for a duration; tests pass one that records the wait and returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// A policy; by default 500 ms doubling up to 30 s, real randomness and real sleeping.
    public init(
        baseDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(30),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.random = random
        self.sleep = sleep
    }

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maximumDelay, baseDelay * (1 << exponent))
        var wait = ceiling * min(max(random(), 0), 1)
        if let retryAfter { wait = max(wait, min(retryAfter, maximumDelay)) }
        return wait
    }
}
