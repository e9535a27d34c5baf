import Foundation
import SluiceCore
import SluiceStore

extension RunComparison {
    /// The comparison for people: a header naming both runs, then each step with its figures and
    /// the unified diffs of its prompt and output, then the steps only one run has.
    ///
    /// - Parameters:
    ///   - usesColor: colour removed lines red, added lines green and hunk headers cyan (only on a
    ///     terminal without `NO_COLOR`; the caller decides).
    ///   - maximumItemDiffs: for a fan-out step, how many changed items are shown in full; the
    ///     rest are listed by index.
    public func renderText(usesColor: Bool = false, maximumItemDiffs: Int = 5) -> String {
        let style = Style(usesColor: usesColor)
        var lines: [String] = []
        lines.append(
            "--- run \(old.id)  \(old.pipeline)  \(old.effectiveStatus)  \(RunTranscriptRenderer.timestamp(old.startedAt))"
        )
        lines.append(
            "+++ run \(new.id)  \(new.pipeline)  \(new.effectiveStatus)  \(RunTranscriptRenderer.timestamp(new.startedAt))"
        )
        lines.append(
            "totals  tokens in \(change(old.inputTokens, new.inputTokens))  out \(change(old.outputTokens, new.outputTokens))"
                + "  cost \(change(old.costUSD, new.costUSD))")
        for step in steps {
            lines.append("")
            lines += render(step, style: style, maximumItemDiffs: maximumItemDiffs)
        }
        if !onlyInOld.isEmpty || !onlyInNew.isEmpty { lines.append("") }
        for name in onlyInOld { lines.append(style.removed("step \(name): only in run \(old.id)")) }
        for name in onlyInNew { lines.append(style.added("step \(name): only in run \(new.id)")) }
        lines.append("")
        lines.append(hasChanges ? summaryLine : "no differences (timing aside)")
        return lines.joined(separator: "\n") + "\n"
    }

    private var summaryLine: String {
        let changed = steps.filter(\.hasChanges).count
        var parts = ["\(changed) of \(steps.count) shared step\(steps.count == 1 ? "" : "s") changed"]
        if !onlyInOld.isEmpty { parts.append("\(onlyInOld.count) only in run A") }
        if !onlyInNew.isEmpty { parts.append("\(onlyInNew.count) only in run B") }
        return parts.joined(separator: ", ")
    }

    private func render(_ step: StepChange, style: Style, maximumItemDiffs: Int) -> [String] {
        var lines: [String] = []
        let status =
            step.status.old == step.status.new ? "\(step.status.new)" : "\(step.status.old) → \(step.status.new)"
        lines.append(style.heading("step \(step.name)  \(status)" + (step.hasChanges ? "" : "  (unchanged)")))
        let (old, new) = step.figures
        let oldModels = old.models.isEmpty ? "-" : old.models.joined(separator: ", ")
        let newModels = new.models.isEmpty ? "-" : new.models.joined(separator: ", ")
        lines.append("  model    " + (oldModels == newModels ? newModels : "\(oldModels) → \(newModels)"))
        lines.append(
            "  tokens   in \(change(old.inputTokens, new.inputTokens))  out \(change(old.outputTokens, new.outputTokens))"
        )
        lines.append("  cost     \(change(old.costUSD, new.costUSD))")
        lines.append("  latency  \(change(old.latency, new.latency))")
        if old.cacheHits + new.cacheHits > 0 {
            lines.append("  cache    \(old.cacheHits) → \(new.cacheHits) hits")
        }
        if step.itemCount.old != nil || step.itemCount.new != nil {
            let counts =
                step.itemCount.old == step.itemCount.new
                ? "\(step.itemCount.new ?? 0)" : "\(step.itemCount.old ?? 0) → \(step.itemCount.new ?? 0)"
            lines.append("  items    \(counts); \(step.changedItems.count) of \(step.comparedItems) compared changed")
        }
        lines += render(step.prompt, named: "prompt", style: style, indent: "  ")
        lines += render(step.output, named: "output", style: style, indent: "  ")
        for item in step.changedItems.prefix(maximumItemDiffs) {
            lines += render(item.prompt, named: "item \(item.index) prompt", style: style, indent: "  ")
            lines += render(item.output, named: "item \(item.index) output", style: style, indent: "  ")
        }
        if step.changedItems.count > maximumItemDiffs {
            let rest = step.changedItems.dropFirst(maximumItemDiffs).map(\.index)
            let shown = rest.prefix(20).map(String.init).joined(separator: ", ")
            lines.append(
                "  \(rest.count) more changed item\(rest.count == 1 ? "" : "s"): \(shown)\(rest.count > 20 ? ", …" : "")"
                    + " (--max-items N shows more; --json lists every diff)")
        }
        return lines
    }

    private func render(_ text: TextChange, named name: String, style: Style, indent: String) -> [String] {
        guard text.hasChanges else { return [] }
        var lines = ["\(indent)\(name) changed:"]
        if text.old == nil { lines[0] = "\(indent)\(name) only in run B:" }
        if text.new == nil { lines[0] = "\(indent)\(name) only in run A:" }
        for line in text.diff.unified().split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let padded = indent + "  " + line
            switch line.first {
            case "@": lines.append(style.hunk(padded))
            case "-": lines.append(style.removed(padded))
            case "+": lines.append(style.added(padded))
            default: lines.append(padded)
            }
        }
        return lines
    }

    // MARK: - Figures

    private func change(_ old: Int, _ new: Int) -> String {
        old == new ? "\(new)" : "\(old) → \(new) (\(new > old ? "+" : "")\(new - old))"
    }

    private func change(_ old: Double, _ new: Double) -> String {
        let money = RunTranscriptRenderer.money
        if money(old) == money(new) { return "$" + money(new) }
        return "$\(money(old)) → $\(money(new)) (\(new >= old ? "+" : "-")$\(money(abs(new - old))))"
    }

    private func change(_ old: Duration?, _ new: Duration?) -> String {
        guard let old, let new else { return "\(old?.readable ?? "-") → \(new?.readable ?? "-")" }
        let delta = new - old
        let sign = delta < .zero ? "-" : "+"
        return "\(old.readable) → \(new.readable) (\(sign)\((delta < .zero ? .zero - delta : delta).readable))"
    }

    /// ANSI colours for the text rendering, or none.
    private struct Style {
        var usesColor: Bool

        func heading(_ text: String) -> String { paint(text, "1") }
        func hunk(_ text: String) -> String { paint(text, "36") }
        func removed(_ text: String) -> String { paint(text, "31") }
        func added(_ text: String) -> String { paint(text, "32") }

        private func paint(_ text: String, _ code: String) -> String {
            usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }
    }
}
