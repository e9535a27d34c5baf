public import Foundation
public import SluiceCore
import Synchronization

/// A clock whose time moves only when a test says so, so tests of retries, deadlines and limits
/// never wait for real time to pass.
///
/// ``sleep(for:)`` suspends until ``advance(by:)`` moves ``now`` past the sleeper's wake time; a
/// cancelled sleeper stops waiting at once. ``waitForSleepers(_:)`` and
/// ``waitForSleeper(wakingIn:)`` let a test wait, without real time passing, until the code under
/// test has gone to sleep, then advance.
public final class ManualTimeSource: TimeSource {
    private struct Sleeper {
        var id: Int
        var wakeTime: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct SleeperWatch {
        var isSatisfied: @Sendable (_ now: Duration, _ wakeTimes: [Duration]) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var watches: [SleeperWatch] = []
        var requests: [Duration] = []
        var nextID = 0
        var cancelled: Set<Int> = []

        mutating func releaseWatches() -> [CheckedContinuation<Void, Never>] {
            let wakeTimes = sleepers.map(\.wakeTime)
            let now = now
            let ready = watches.filter { $0.isSatisfied(now, wakeTimes) }
            watches.removeAll { $0.isSatisfied(now, wakeTimes) }
            return ready.map(\.continuation)
        }
    }

    /// The time, the sleepers waiting on it, and the tests waiting for sleepers.
    private let state = Mutex(State())
    private let origin: Date

    /// A clock at time zero whose ``date`` starts at `origin`.
    public init(origin: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.origin = origin
    }

    /// Time since the clock was made, as advanced by the test.
    public var now: Duration { state.withLock { $0.now } }

    /// `origin` plus ``now``.
    public var date: Date { origin.addingTimeInterval(now.seconds) }

    /// Every duration a sleeper asked for, in order (cancelled ones included).
    public var sleepRequests: [Duration] { state.withLock { $0.requests } }

    /// How long each sleeper still waiting has left, soonest first.
    public var pendingSleeps: [Duration] {
        state.withLock { state in state.sleepers.map { $0.wakeTime - state.now }.sorted() }
    }

    /// Suspends until the test advances the clock by `duration`; a duration of zero or less returns at once.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.requests.append(duration)
            return state.nextID
        }
        guard duration > .zero else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (cancelledFirst, watches) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if state.cancelled.remove(id) != nil { return (true, []) }
                    state.sleepers.append(Sleeper(id: id, wakeTime: state.now + duration, continuation: continuation))
                    return (false, state.releaseWatches())
                }
                if cancelledFirst { continuation.resume(throwing: CancellationError()) }
                for watch in watches { watch.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the time on by `duration` and wakes every sleeper whose time has come, soonest first.
    public func advance(by duration: Duration) {
        let (due, watches) = state.withLock { state -> ([Sleeper], [CheckedContinuation<Void, Never>]) in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.wakeTime <= now }.sorted { $0.wakeTime < $1.wakeTime }
            state.sleepers.removeAll { $0.wakeTime <= now }
            return (due, state.releaseWatches())
        }
        for sleeper in due { sleeper.continuation.resume() }
        for watch in watches { watch.resume() }
    }

    /// Waits until at least `count` sleepers are waiting on the clock.
    public func waitForSleepers(_ count: Int = 1) async {
        await waitUntil { _, wakeTimes in wakeTimes.count >= count }
    }

    /// Waits until a sleeper is due exactly `duration` from now: the one a retry's wait, a
    /// deadline or a timeout the test knows about has just started.
    public func waitForSleeper(wakingIn duration: Duration) async {
        await waitUntil { now, wakeTimes in wakeTimes.contains { $0 - now == duration } }
    }

    private func waitUntil(_ isSatisfied: @escaping @Sendable (Duration, [Duration]) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if isSatisfied(state.now, state.sleepers.map(\.wakeTime)) { return true }
                state.watches.append(SleeperWatch(isSatisfied: isSatisfied, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
