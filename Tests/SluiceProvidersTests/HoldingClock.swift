import Synchronization

/// A clock whose sleeps never end on their own: each one waits until its task is cancelled, then
/// throws `CancellationError`. It counts the sleeps begun and the sleeps ended by cancellation, so a
/// test can tell that code stopped at its first pause rather than time how long it took.
final class HoldingClock: Clock, Sendable {
    /// A time that never moves: the same offset instant as ``RecordingClock``'s.
    typealias Instant = RecordingClock.Instant

    private struct State {
        var begun = 0
        var cancelled = 0
        var waiting: [Int: CheckedContinuation<Void, any Error>] = [:]
    }

    /// The sleep counts and the continuations of the sleeps still waiting, by sleep number.
    private let state = Mutex(State())

    var now: Instant { Instant(offset: .zero) }
    var minimumResolution: Duration { .zero }

    /// How many sleeps have begun.
    var sleepsBegun: Int { state.withLock { $0.begun } }
    /// How many sleeps were ended by cancelling their task.
    var sleepsCancelled: Int { state.withLock { $0.cancelled } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let number = state.withLock { state in
            state.begun += 1
            return state.begun
        }
        do {
            try await hold(number)
        } catch {
            state.withLock { $0.cancelled += 1 }
            throw error
        }
    }

    /// Waits until the task is cancelled.
    private func hold(_ number: Int) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelledAlready = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiting[number] = continuation
                    return false
                }
                if cancelledAlready { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            state.withLock { $0.waiting.removeValue(forKey: number) }?.resume(throwing: CancellationError())
        }
    }
}
