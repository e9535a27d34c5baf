import Foundation

/// A generated pipeline on the zero-latency `local` provider, run as a whole `sluice run` process.
struct EngineWorkload: Sendable, Hashable {
    /// The shape of the pipeline.
    enum Shape: Sendable, Hashable {
        /// `steps` model steps, each prompting with the previous one's output: strictly sequential.
        case chain
        /// One root step, `steps - 2` steps that each need only the root, and a last step that
        /// needs all of them: every middle step is ready at once, and the last waits on them all.
        case wide
        /// One model step fanning out over `steps` items at concurrency 8.
        case fanOut
    }

    /// The model steps' `max_tokens`: small, so the provider's share stays small.
    static let maximumTokens = 16

    var shape: Shape
    /// Model calls the run makes (steps, or items for a fan-out).
    var steps: Int

    /// "chain of 1,000 steps".
    var label: String {
        let count = Figure.count(steps)
        switch shape {
        case .chain: return "chain of \(count) steps"
        case .wide: return "wide DAG of \(count) steps"
        case .fanOut: return "fan-out of \(count) items"
        }
    }

    /// The pipeline file's text.
    var pipelineText: String {
        var lines = ["description: A generated \(label) on the local provider (sluice-bench)."]
        lines.append("defaults: { model: local/default, max_tokens: \(Self.maximumTokens) }")
        switch shape {
        case .chain:
            lines.append("steps:")
            lines.append("  s1:")
            lines.append("    prompt: \"Begin the chain.\"")
            for index in stride(from: 2, through: steps, by: 1) {
                lines.append("  s\(index):")
                lines.append("    prompt: \"Continue after {{ steps.s\(index - 1).output }}\"")
            }
            lines.append("outputs: { last: steps.s\(steps).output }")
        case .wide:
            lines.append("steps:")
            lines.append("  root:")
            lines.append("    prompt: \"Begin the fan.\"")
            let middle = (1...max(1, steps - 2)).map { "m\($0)" }
            for name in middle {
                lines.append("  \(name):")
                lines.append("    prompt: \"Branch \(name) after {{ steps.root.output }}\"")
            }
            lines.append("  join:")
            lines.append("    needs: [\(middle.joined(separator: ", "))]")
            lines.append("    prompt: \"Join the branches.\"")
            lines.append("outputs: { last: steps.join.output }")
        case .fanOut:
            lines.append("inputs:")
            lines.append("  count: { type: integer, default: \(steps) }")
            lines.append("steps:")
            lines.append("  each:")
            lines.append("    for_each: range(inputs.count)")
            lines.append("    as: n")
            lines.append("    concurrency: 8")
            lines.append("    prompt: \"Write one sentence about item {{ n }}.\"")
            lines.append("  total:")
            lines.append("    template: \"{{ steps.each.output | length }} answers\"")
            lines.append("outputs: { total: steps.total.output }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs the workload `repeats` times as `sluice run bench --quiet`, each on a fresh store.
    func measure(in context: BenchContext) throws -> [ChildMeasurement] {
        let project = try ScratchProject("engine")
        defer { project.remove() }
        try project.write(pipelineText, to: "pipelines/bench.yaml")
        return try (0..<context.repeats).map { _ in
            try? FileManager.default.removeItem(at: project.root.appendingPathComponent(".sluice"))
            return try ChildProcess.run(
                context.sluice, ["run", "bench", "--quiet", "--project", project.root.path])
        }
    }
}
