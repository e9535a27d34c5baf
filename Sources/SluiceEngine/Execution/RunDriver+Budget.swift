import SluiceCore
import SluicePipeline
import SluiceProviders

extension RunDriver {
    /// Reserves the largest possible cost of `request` against the budget before it is sent,
    /// waiting while calls in flight hold reservations that may yet be given back.
    ///
    /// Returns `nil` when the model's price is unknown (nothing can be reserved; the call counts
    /// as $0). Stops the run and throws `CancellationError` when the call could cross the budget
    /// even once every call in flight has settled.
    func reserveSpending(
        for request: ModelRequest, account: String, in scope: UnitScope
    ) async throws
        -> SpendingReservation?
    {
        guard let ceiling = CallCostCeiling.cost(of: request, provider: account, costs: environment.costs) else {
            return nil
        }
        while true {
            try Task.checkCancellation()
            switch spending.reserve(ceiling, within: environment.budget) {
            case .made(let reservation):
                return reservation
            case .heldUp(let generation):
                await spending.waitForSettlement(after: generation)
            case .refused:
                let item = scope.itemIndex.map { " item \($0)" } ?? ""
                control.stop(
                    .budgetExhausted(
                        BudgetStop(
                            spentUSD: spending.spentUSD, limitUSD: environment.budget.maximumUSD ?? 0,
                            ceilingUSD: ceiling,
                            call: "step '\(scope.step.name)'\(item) on \(account)/\(request.model)")))
                throw CancellationError()
            }
        }
    }

    /// The run's failure when the budget stopped it: what was spent, the limit, and what was left undone.
    func budgetFailure(_ states: [String: StepState]) -> RunFailure {
        var failure = control.stoppedFailure
        let undone = plan.steps.compactMap { step -> String? in
            guard let state = states[step.name], state.status == .budgetStopped else { return nil }
            guard let (count, total) = state.unfinishedItems else { return "'\(step.name)'" }
            return "'\(step.name)' (\(count) of \(total) item\(total == 1 ? "" : "s"))"
        }
        if !undone.isEmpty { failure.message += "; left undone: step " + undone.joined(separator: ", step ") }
        return failure
    }
}
