import Synchronization

/// What a run has spent so far, in US dollars, summed over every attempt that called a provider.
final class SpendingMeter: Sendable {
    /// The running total.
    private let total = Mutex<Double>(0)

    /// The total so far.
    var spentUSD: Double { total.withLock { $0 } }

    /// Adds one attempt's cost.
    func add(_ amount: Double) {
        total.withLock { $0 += amount }
    }
}
