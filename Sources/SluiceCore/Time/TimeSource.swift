public import Foundation

/// Where code that waits or measures reads the time: the system in production, a test clock in
/// tests.
///
/// The engine's retries and deadlines, and the rate limiter, breaker and scheduler built on it,
/// take one of these instead of calling `ContinuousClock`, `Task.sleep` or `Date()`, so tests can
/// decide when time passes instead of waiting for it (`ManualTimeSource` in SluiceTestSupport).
public protocol TimeSource: Sendable {
    /// Monotonic time: how long since a fixed, arbitrary origin. Only differences between two
    /// readings mean anything; measure durations with it.
    var now: Duration { get }

    /// The wall-clock date, for timestamps that people read and the store keeps.
    var date: Date { get }

    /// Suspends the calling task until ``now`` has moved on by `duration`.
    ///
    /// Throws `CancellationError`, at once, when the task is cancelled before then.
    func sleep(for duration: Duration) async throws
}
