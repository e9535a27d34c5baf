public import Foundation

/// The real time: `ContinuousClock` for measuring and waiting, `Date()` for timestamps.
public struct SystemTimeSource: TimeSource {
    private let origin: ContinuousClock.Instant

    /// The system clock; ``now`` counts from the moment it was made.
    public init() {
        origin = ContinuousClock.now
    }

    /// Time since this value was made, on the continuous (monotonic) clock.
    public var now: Duration { origin.duration(to: ContinuousClock.now) }

    /// The current date.
    public var date: Date { Date() }

    /// Sleeps on the continuous clock.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
