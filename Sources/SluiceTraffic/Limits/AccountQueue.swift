import Synchronization

/// The requests of one account waiting in this process, and its concurrency slots.
///
/// One waiting request at a time, the head, talks to the ledger; the others wait for their
/// turn. The head is chosen round-robin across lanes (a lane is a step) and first come, first
/// served within a lane: a fan-out with many items waiting does not hold back a single request
/// of another step for more than one turn of each lane.
final class AccountQueue: Sendable {
    private struct State {
        /// The ticket whose turn it is, if any.
        var head: Int?
        /// Tickets waiting for their turn, per lane, oldest first.
        var lanes: [String: [Int]] = [:]
        /// Lanes with waiting tickets, in the order their turns come.
        var laneOrder: [String] = []
        /// Continuations of tickets waiting for their turn.
        var turnWaiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        /// Tickets cancelled before their continuation was registered.
        var cancelled: Set<Int> = []
        /// Requests holding a slot.
        var inFlight = 0
        /// Bumped whenever capacity may have grown (a slot freed, tokens given back, a pause
        /// changed), so a sleeping head looks again.
        var generation = 0
        /// Heads sleeping until the generation moves past a value.
        var signalWaiters: [Int: (after: Int, continuation: CheckedContinuation<Void, any Error>)] = [:]
        var nextID = 0
        /// Callers waiting until a number of tickets wait (tests, which must not poll).
        var countWatches: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        var waitingCount: Int {
            lanes.values.reduce(head == nil ? 0 : 1) { $0 + $1.count }
        }

        /// Makes the next ticket in round-robin order the head, returning its continuation if
        /// it is already waiting.
        mutating func promoteNext() -> CheckedContinuation<Void, any Error>? {
            head = nil
            while let lane = laneOrder.first {
                laneOrder.removeFirst()
                guard var tickets = lanes[lane], !tickets.isEmpty else {
                    lanes[lane] = nil
                    continue
                }
                let ticket = tickets.removeFirst()
                if tickets.isEmpty {
                    lanes[lane] = nil
                } else {
                    lanes[lane] = tickets
                    laneOrder.append(lane)
                }
                head = ticket
                return turnWaiters.removeValue(forKey: ticket)
            }
            return nil
        }

        /// Moves the generation on and hands back every sleeping head to wake.
        mutating func bumpGeneration() -> [CheckedContinuation<Void, any Error>] {
            generation += 1
            let waiters = signalWaiters.values.map(\.continuation)
            signalWaiters.removeAll()
            return waiters
        }
    }

    /// The queue's tickets, slots and wake-ups.
    private let state = Mutex(State())
    /// Requests in flight at once, at most; `nil` for no cap.
    let maximumConcurrency: Int?

    init(maximumConcurrency: Int?) {
        self.maximumConcurrency = maximumConcurrency
    }

    /// Joins the queue in `lane`; the ticket is the head at once when nobody else waits.
    func enqueue(lane: String) -> Int {
        let (ticket, watches) = state.withLock { state -> (Int, [CheckedContinuation<Void, Never>]) in
            state.nextID += 1
            let ticket = state.nextID
            if state.head == nil && state.laneOrder.isEmpty {
                state.head = ticket
            } else {
                if state.lanes[lane] == nil { state.laneOrder.append(lane) }
                state.lanes[lane, default: []].append(ticket)
            }
            let waiting = state.waitingCount
            let ready = state.countWatches.filter { $0.count <= waiting }.map(\.continuation)
            state.countWatches.removeAll { $0.count <= waiting }
            return (ticket, ready)
        }
        for watch in watches { watch.resume() }
        return ticket
    }

    /// Returns once at least `count` tickets wait (the head included).
    func waitUntilWaiting(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.waitingCount >= count { return true }
                state.countWatches.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Waits until `ticket` is the head.
    func waitForTurn(_ ticket: Int) async throws {
        try await suspend(
            id: ticket,
            park: { state, continuation in
                if state.head == ticket { return true }
                state.turnWaiters[ticket] = continuation
                return false
            },
            unpark: { state in state.turnWaiters.removeValue(forKey: ticket) })
    }

    /// Leaves the queue, granted or not; when `ticket` was the head, the next one's turn comes.
    func leave(_ ticket: Int) {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.cancelled.remove(ticket)
            if state.head == ticket { return state.promoteNext() }
            for (lane, tickets) in state.lanes where tickets.contains(ticket) {
                let remaining = tickets.filter { $0 != ticket }
                state.lanes[lane] = remaining.isEmpty ? nil : remaining
                if remaining.isEmpty { state.laneOrder.removeAll { $0 == lane } }
            }
            return nil
        }
        next?.resume()
    }

    /// The current generation, read before asking the ledger so a change meanwhile is not missed.
    var generation: Int { state.withLock { $0.generation } }

    /// Whether a slot is free.
    var hasFreeSlot: Bool {
        state.withLock { state in maximumConcurrency.map { state.inFlight < $0 } ?? true }
    }

    /// Takes a slot (the head does, once granted).
    func takeSlot() {
        state.withLock { $0.inFlight += 1 }
    }

    /// Frees a slot and wakes the head.
    func releaseSlot() {
        let waiters = state.withLock { state in
            state.inFlight = max(0, state.inFlight - 1)
            return state.bumpGeneration()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Wakes the head: capacity may have grown.
    func signal() {
        let waiters = state.withLock { $0.bumpGeneration() }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the generation moves past `generation`.
    func waitForSignal(after generation: Int) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await suspend(
            id: id,
            park: { state, continuation in
                if state.generation > generation { return true }
                state.signalWaiters[id] = (generation, continuation)
                return false
            },
            unpark: { state in state.signalWaiters.removeValue(forKey: id)?.continuation })
    }

    /// Suspends until the continuation `park` stores is resumed; `park` returns `true` instead
    /// when there is nothing to wait for. Cancellation takes the continuation back with `unpark`
    /// and throws `CancellationError`, also when it comes before `park` ran.
    private func suspend(
        id: Int,
        park: (inout State, CheckedContinuation<Void, any Error>) -> Bool,
        unpark: @Sendable (inout State) -> CheckedContinuation<Void, any Error>?
    ) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Bool? in
                    if state.cancelled.remove(id) != nil { return false }
                    return park(&state, continuation) ? true : nil
                }
                switch outcome {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                if let waiter = unpark(&state) { return waiter }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.resume(throwing: CancellationError())
        }
        state.withLock { _ = $0.cancelled.remove(id) }
    }
}
