import SluiceCore
import SluiceEngine

/// `sluice run --dry-run`: the plan's projected calls and cost on stdout, as a table or JSON.
enum DryRunPrinter {
    static func print(_ projection: RunProjection, json: Bool) {
        if json {
            Swift.print(projection.jsonValue.formatted(.pretty))
            return
        }
        Swift.print(text(projection), terminator: "")
    }

    /// The table and its notes.
    static func text(_ projection: RunProjection) -> String {
        var out = "dry run of '\(projection.pipeline)': no provider was called and no run was recorded\n\n"
        var rows = projection.steps.map { step -> [String] in
            let items = step.fansOut ? step.itemCount.map(String.init) ?? "unknown until run" : "-"
            return [
                step.name, step.kind.rawValue, items, range(step.minimumCalls, step.maximumCalls, format: String.init),
                range(step.minimumCostUSD, step.maximumCostUSD, format: money),
            ]
        }
        rows.append([
            "total", "", "",
            range(projection.minimumCalls, projection.maximumCalls, format: String.init),
            range(projection.minimumCostUSD, projection.maximumCostUSD, format: money),
        ])
        out += TextTable.render(header: ["step", "kind", "items", "calls (min-max)", "cost (min-max)"], rows: rows)
        let notes = projection.steps.flatMap { step in step.notes.map { "  \(step.name): \($0)" } }
        if !notes.isEmpty { out += "\nnotes:\n" + notes.joined(separator: "\n") + "\n" }
        out += "\n" + budgetLine(projection) + "\n"
        if !projection.unpricedModels.isEmpty {
            out +=
                "no price for: \(projection.unpricedModels.joined(separator: ", ")) (add them under 'prices:' in "
                + "sluice.yaml)\n"
        }
        return out
    }

    private static func budgetLine(_ projection: RunProjection) -> String {
        guard let budget = projection.budgetUSD else { return "budget: none" }
        let limit = "budget: \(money(budget))"
        guard let most = projection.maximumCostUSD else {
            return limit + "; the most the run could cost is unknown, so it may stop at its budget"
        }
        return most <= budget
            ? limit + "; even the most calls stay within it"
            : limit + "; the most calls could cost \(money(most)), so the run may stop at its budget"
    }

    private static func range<Value: Equatable>(_ low: Value?, _ high: Value?, format: (Value) -> String) -> String {
        guard let low, let high else { return "unknown" }
        return low == high ? format(low) : "\(format(low))-\(format(high))"
    }

    private static func money(_ amount: Double) -> String {
        "$" + RunTranscriptRenderer.money(amount)
    }
}
