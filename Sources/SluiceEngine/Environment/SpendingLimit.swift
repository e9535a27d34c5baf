/// The run's budget: the most the run may spend in all.
///
/// Before every model call the engine reserves the call's largest possible cost (its estimated
/// input plus `max_tokens` of output, at the model's price) and asks whether the run's spending,
/// the reservations of calls in flight and that reservation together stay within the limit. When
/// they would not, and no call in flight could give money back, the run stops with status
/// `budget-stopped` (exit 3) and nothing further is called. See docs/running.md, "Budgets".
public protocol SpendingLimit: Sendable {
    /// The ceiling in US dollars, or `nil` for none.
    var maximumUSD: Double? { get }

    /// Whether the run may have spent `totalUSD` in all.
    func permits(totalUSD: Double) -> Bool
}

/// No limit: every call may start (the default).
public struct NoSpendingLimit: SpendingLimit {
    /// The absent limit.
    public init() {}

    /// `nil`: there is none.
    public var maximumUSD: Double? { nil }

    /// Always `true`.
    public func permits(totalUSD: Double) -> Bool { true }
}

/// A ceiling in US dollars (`budget.max_usd`, `--max-usd`; the smaller wins): the run's total may
/// reach it but not pass it.
public struct MaximumSpend: SpendingLimit {
    /// The ceiling.
    public var maximumUSD: Double?

    /// A ceiling of `maximumUSD` dollars.
    public init(_ maximumUSD: Double) {
        self.maximumUSD = maximumUSD
    }

    /// Whether `totalUSD` is within the ceiling (a tiny tolerance absorbs floating-point sums).
    public func permits(totalUSD: Double) -> Bool {
        guard let maximumUSD else { return true }
        return totalUSD <= maximumUSD + 1e-12
    }
}
