import Synchronization

/// How many requests a provider is serving now, and the most it has served at once.
public struct InFlightCount: Sendable, Hashable {
    /// Requests started and not yet ended.
    public var current: Int
    /// The highest ``current`` has been since the provider was made or ``LocalProvider/resetPeak()``.
    public var peak: Int

    /// Counts with the given values.
    public init(current: Int, peak: Int) {
        self.current = current
        self.peak = peak
    }
}

/// Counts concurrent requests; lets callers wait until none is left.
final class InFlightCounter: Sendable {
    private struct State {
        var count = InFlightCount(current: 0, peak: 0)
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The counts and the tasks waiting for the count to reach zero.
    private let state = Mutex(State())

    var snapshot: InFlightCount { state.withLock { $0.count } }

    func enter() {
        state.withLock { state in
            state.count.current += 1
            state.count.peak = max(state.count.peak, state.count.current)
        }
    }

    func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count.current -= 1
            guard state.count.current == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func resetPeak() {
        state.withLock { $0.count.peak = $0.count.current }
    }

    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if state.count.current == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
