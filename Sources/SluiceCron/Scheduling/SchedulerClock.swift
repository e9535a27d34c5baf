public import Foundation

/// The scheduler's view of time: what time it is, and waiting until a time. Tests give the
/// scheduler a clock they move by hand, so its logic is checked without waiting.
public protocol SchedulerClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Returns at `deadline` or later; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The real clock. It sleeps at most a minute at a time and then looks at the time again, so a
/// change of the system clock (or a suspended machine) delays a fire by at most a minute.
public struct SystemSchedulerClock: SchedulerClock {
    /// The system clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// Sleeps in steps of at most 60 seconds until the wall clock reads `deadline`.
    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return }
            try await Task.sleep(for: .milliseconds(Int(min(remaining, 60) * 1000) + 1))
        }
    }
}
