/// Thrown when work runs past its time limit.
struct DeadlineExceeded: Error, Sendable {
    /// The limit that was exceeded.
    var limit: Duration
}

/// Runs `operation`, cancelling it and throwing ``DeadlineExceeded`` if it takes longer than `limit`.
///
/// Cancelling the caller cancels the operation too (the error is then `CancellationError`).
func withDeadline<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        guard let value = first else { throw DeadlineExceeded(limit: limit) }
        return value
    }
}
