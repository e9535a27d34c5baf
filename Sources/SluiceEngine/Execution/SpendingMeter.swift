import Synchronization

/// What a run has spent so far, in US dollars, and what the calls in flight have reserved.
///
/// Every provider call reserves its largest possible cost before it starts and settles the
/// reservation with its actual cost when it ends, so the concurrent items of a fan-out hold their
/// reservations together and the run's total cannot pass its budget between them.
final class SpendingMeter: Sendable {
    /// Whether a reservation was made, and if not, what stands in its way.
    enum Reservation {
        /// Made; settle it when the call ends.
        case made(SpendingReservation)
        /// Refused while other calls hold reservations: wait for one of them to settle
        /// (``waitForSettlement(after:)`` with this generation) and ask again.
        case heldUp(generation: Int)
        /// Refused with nothing in flight: the call would cross the budget whatever happens.
        case refused
    }

    private struct State {
        var spent = 0.0
        var reserved = 0.0
        /// Counts settlements, so a waiter never misses one that happened after it was refused.
        var generation = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The total spent so far.
    var spentUSD: Double { state.withLock { $0.spent } }

    /// Reserves `amount` if the spending, the reservations in flight and `amount` stay within `limit`.
    func reserve(_ amount: Double, within limit: any SpendingLimit) -> Reservation {
        state.withLock { state in
            if limit.permits(totalUSD: state.spent + state.reserved + amount) {
                state.reserved += amount
                return .made(SpendingReservation(amount: amount, meter: self))
            }
            return state.reserved > 0 ? .heldUp(generation: state.generation) : .refused
        }
    }

    /// Replaces a reservation of `reserved` with the `actual` cost (nothing when unknown or not spent).
    func settle(reserved: Double, actual: Double?) {
        let waiters = state.withLock { state in
            state.reserved = max(0, state.reserved - reserved)
            state.spent += actual ?? 0
            state.generation += 1
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a reservation has been settled since `generation` (at once if one already was).
    ///
    /// A cancelled run does not hang here: the calls in flight it waits for are cancelled too,
    /// and settle on their way out.
    func waitForSettlement(after generation: Int) async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                guard state.generation == generation else { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

/// One call's reservation against the run's budget; settled once, with the call's actual cost.
final class SpendingReservation: Sendable {
    /// The reserved amount: the call's largest possible cost.
    let amount: Double
    private let meter: SpendingMeter
    private let settled = Mutex(false)

    fileprivate init(amount: Double, meter: SpendingMeter) {
        self.amount = amount
        self.meter = meter
    }

    /// Settles the reservation with `actualUSD`; later calls do nothing, so a path that ends the
    /// call early can settle with nothing spent without overriding the real cost.
    func settle(actualUSD: Double?) {
        let first = settled.withLock { settled in
            defer { settled = true }
            return !settled
        }
        if first { meter.settle(reserved: amount, actual: actualUSD) }
    }
}
