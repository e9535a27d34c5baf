import Foundation

/// Runs blocking work (reading a child's pipe, waiting for it to exit) on a thread of its own, so a
/// long wait does not hold one of the few threads Swift's cooperative pool has (two on a two-core
/// machine) and stall every other test's async work meanwhile.
public func offThePool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Swift.Result { try work() })
        }
    }
}
