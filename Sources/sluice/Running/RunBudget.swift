import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline

/// The budget of one `sluice run`: the smaller of the pipeline's `budget.max_usd` and `--max-usd`.
struct RunBudget {
    /// The limit in US dollars, or `nil` for none.
    var maximumUSD: Double?

    /// The budget of `plan` run with `--max-usd` `override`.
    init(plan: PipelinePlan, override: Double?) {
        maximumUSD = [plan.definition.maximumCost, override].compactMap { $0 }.min()
    }

    /// Checks `--max-usd`'s value; a negative or non-finite limit is a usage error.
    static func validate(_ value: Double?) throws {
        guard let value, !value.isFinite || value < 0 else { return }
        Terminal.printError(
            "error: --max-usd must be a number of US dollars, 0 or more (got \(value)); for example --max-usd 0.50\n")
        throw ExitCode(ExitStatus.invalidInput)
    }

    /// The warning for a budget over models with no price, whose calls it cannot count; `nil`
    /// when there is no budget or every model has a price.
    func unpricedWarning(plan: PipelinePlan, costs: any CostModel) -> String? {
        guard let maximumUSD else { return nil }
        let unpriced = costs.unpricedModels(in: plan)
        guard !unpriced.isEmpty else { return nil }
        let names = unpriced.map(\.description).joined(separator: ", ")
        return "warning: the run's budget of $\(String(format: "%.2f", maximumUSD)) cannot count calls to "
            + "\(names): no price is known for \(unpriced.count == 1 ? "it" : "them"), so their cost is unknown "
            + "and counted as $0; add \(unpriced.count == 1 ? "its" : "their") price under 'prices:' in "
            + "sluice.yaml (docs/config.md)\n"
    }
}
