/// The run's budget: whether one more model call may start, given what the run has spent.
///
/// The engine asks before every attempt; when the answer is no, the run stops with status
/// `budget-stopped` (exit 3) and nothing further is called.
public protocol SpendingLimit: Sendable {
    /// Whether a call may start when the run has spent `spentUSD` so far.
    func allowsCall(afterSpending spentUSD: Double) -> Bool
}

/// No limit: every call may start (the default).
public struct NoSpendingLimit: SpendingLimit {
    /// The absent limit.
    public init() {}

    /// Always `true`.
    public func allowsCall(afterSpending spentUSD: Double) -> Bool { true }
}

/// A ceiling in US dollars (`budget.max_usd`, `--max-usd`): calls start while the run has spent
/// less than it.
public struct MaximumSpend: SpendingLimit {
    /// The ceiling.
    public var maximumUSD: Double

    /// A ceiling of `maximumUSD` dollars.
    public init(_ maximumUSD: Double) {
        self.maximumUSD = maximumUSD
    }

    /// Whether `spentUSD` is still under the ceiling.
    public func allowsCall(afterSpending spentUSD: Double) -> Bool { spentUSD < maximumUSD }
}
