import Foundation
import SluiceCore

/// Cold start: `sluice --help`, `sluice validate` on the checkout's example pipelines and on a
/// generated 50-step pipeline, each a whole process started many times; the median and the 90th
/// percentile of the wall time.
struct StartupSection {
    func run(_ context: BenchContext) throws -> [Figure] {
        let runs = context.size(50, quick: 3)
        let fifty = try Self.fiftyStepProject()
        defer { fifty.remove() }
        let commands: [(String, [String])] = [
            ("sluice --help", ["--help"]),
            ("sluice validate (the examples)", ["validate", "--project", context.repositoryRoot.path]),
            ("sluice validate (a 50-step pipeline)", ["validate", "--project", fifty.root.path, "fifty"]),
        ]
        var figures: [Figure] = []
        for (label, arguments) in commands {
            _ = try ChildProcess.run(context.sluice, arguments)  // warms the page cache
            let walls = try (0..<runs).map { _ in try ChildProcess.run(context.sluice, arguments).wall.milliseconds }
            figures.append(
                Figure(name: "\(label): median of \(runs)", value: walls.median, unit: "ms", goal: .atMost(20)))
            figures.append(Figure(name: "\(label): 90th percentile", value: walls.percentile(0.9), unit: "ms"))
        }
        return figures
    }

    /// A project with one 50-step pipeline mixing fan-outs, template steps, `vars`, a template
    /// file and a schema: validation with something to check in every step.
    static func fiftyStepProject() throws -> ScratchProject {
        let project = try ScratchProject("validate")
        try project.write("models:\n  fast: local/default\n", to: "sluice.yaml")
        try project.write(
            #"{"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}"#,
            to: "schemas/answer.json")
        try project.write(
            "Summarise {{ inputs.topic }} given:\n{% for item in context %}- {{ item }}\n{% endfor %}\n",
            to: "templates/step.md")
        var lines = [
            "description: A generated 50-step pipeline for timing validate.",
            "inputs:",
            "  topic: { type: string, default: rivers }",
            "  items: { type: array, items: { type: string }, default: [a, b, c] }",
            "defaults: { model: fast, temperature: 0, max_tokens: 200, timeout: 30s }",
            "steps:",
        ]
        for index in 1...50 {
            lines.append("  step_\(index):")
            if index % 10 == 1 {
                lines += [
                    "    for_each: inputs.items", "    as: entry", "    when: entry != \"b\"", "    prompt: |",
                    "      Describe {{ entry }} in the context of {{ inputs.topic }}.",
                ]
            } else if index % 5 == 0 {
                lines += [
                    "    template: |",
                    "      {{ steps.step_\(index - 1).output }} / {{ steps.step_\(index - 2).output }}",
                ]
            } else {
                lines += [
                    "    vars:", "      context: '[steps.step_\(index - 1).output]'", "    prompt: step.md",
                    "    output: { schema: schemas/answer.json }",
                ]
            }
        }
        lines += ["outputs:", "  last: steps.step_50.output"]
        try project.write(lines.joined(separator: "\n") + "\n", to: "pipelines/fifty.yaml")
        return project
    }
}
