/// Thrown when work runs past its time limit.
public struct DeadlineExceeded: Error, Sendable, Hashable {
    /// The limit that was exceeded.
    public var limit: Duration

    /// The error for work that ran past `limit`.
    public init(limit: Duration) {
        self.limit = limit
    }
}

/// Runs `operation`, cancelling it and throwing ``DeadlineExceeded`` if it takes longer than
/// `limit` on `clock`.
///
/// Cancelling the caller cancels the operation too (the error is then `CancellationError`).
/// The limit is measured on the clock passed in, so a test clock decides when it passes.
public func withDeadline<Value: Sendable>(
    _ limit: Duration, clock: any TimeSource = SystemTimeSource(),
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        // The timer starts before the work: work that holds a thread (a long template render)
        // cannot keep the timer task from being scheduled and so outrun its own deadline.
        await withCheckedContinuation { (timerStarted: CheckedContinuation<Void, Never>) in
            group.addTask {
                timerStarted.resume()
                try await clock.sleep(for: limit)
                return nil
            }
        }
        group.addTask { try await operation() }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        guard let value = first else { throw DeadlineExceeded(limit: limit) }
        return value
    }
}
