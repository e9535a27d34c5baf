/// Why the budget stopped a run: the call it refused, and where the money stood.
struct BudgetStop: Sendable, Equatable {
    /// What the run had spent when the call was refused.
    var spentUSD: Double
    /// The run's limit (`budget.max_usd` or `--max-usd`, the smaller).
    var limitUSD: Double
    /// The refused call's largest possible cost.
    var ceilingUSD: Double
    /// The refused call, for people: `step 'classify' item 4 on openai/gpt-4.1-mini`.
    var call: String

    /// `stopped before crossing the budget of $0.0500: …`, with money in dollars to 4 places.
    var message: String {
        let money = RunTranscriptRenderer.money
        return "stopped before crossing the budget of $\(money(limitUSD)): the run has spent $\(money(spentUSD)), "
            + "and the next call (\(call)) could cost up to $\(money(ceilingUSD)), "
            + "leaving $\(money(max(0, limitUSD - spentUSD))) unspent"
    }
}
