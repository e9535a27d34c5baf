/// Draws a plan's steps and dependencies as text, Mermaid or Graphviz DOT, for `sluice graph`.
public enum PipelineGraphRenderer {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Levels and steps as indented text, for the terminal.
        case text
        /// A Mermaid `flowchart`, which GitHub renders in Markdown.
        case mermaid
        /// A Graphviz digraph.
        case dot
    }

    /// `plan` drawn in `format`, ending with a newline. Arrows run from a step to the steps that use it.
    public static func render(_ plan: PipelinePlan, format: Format) -> String {
        switch format {
        case .text: text(plan)
        case .mermaid: mermaid(plan)
        case .dot: dot(plan)
        }
    }

    /// What a step is, in a few words: `model local/default`, `template`, `run git`.
    static func summary(of step: PlannedStep) -> String {
        switch step.definition.settings {
        case .model(let settings):
            let models = settings.models.map(\.description).joined(separator: " → ")
            let output: String =
                switch settings.output {
                case .text: ""
                case .json(let schema): schema?.path.map { ", json \($0)" } ?? ", json"
                case .xml(let tags): ", xml " + tags.joined(separator: " ")
                }
            return "model \(models)\(output)"
        case .template: return "template"
        case .run(let settings):
            switch settings.command {
            case .arguments(let arguments): return "run " + (arguments.first ?? "")
            case .shell: return "run sh -c"
            }
        }
    }

    private static func details(of step: PlannedStep) -> [String] {
        var details: [String] = []
        if let forEach = step.definition.forEach {
            details.append("for each \(step.definition.itemVariable ?? "item") in \(forEach.text)")
        }
        if let when = step.definition.when { details.append("when \(when.text)") }
        return details
    }

    private static func text(_ plan: PipelinePlan) -> String {
        let stepCount = plan.steps.count
        var lines = [
            "\(plan.name): \(stepCount) step\(stepCount == 1 ? "" : "s") in \(plan.levels.count) level\(plan.levels.count == 1 ? "" : "s")"
        ]
        for (index, level) in plan.levels.enumerated() {
            lines.append("level \(index + 1)")
            for name in level {
                guard let step = plan.step(named: name) else { continue }
                lines.append("  \(name): \(([summary(of: step)] + details(of: step)).joined(separator: "; "))")
                if !step.dependencies.isEmpty { lines.append("    after \(step.dependencies.joined(separator: ", "))") }
            }
        }
        if !plan.outputs.isEmpty { lines.append("outputs: \(plan.outputs.map(\.name).joined(separator: ", "))") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func mermaid(_ plan: PipelinePlan) -> String {
        var lines = ["flowchart TD"]
        for step in plan.steps {
            let label = ([step.name, summary(of: step)] + details(of: step)).map(escapeMermaid).joined(
                separator: "<br/>")
            let shape = step.definition.forEach == nil ? ("[\"", "\"]") : ("[[\"", "\"]]")
            lines.append("    \(step.name)\(shape.0)\(label)\(shape.1)")
        }
        for step in plan.steps {
            for dependency in step.dependencies { lines.append("    \(dependency) --> \(step.name)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func dot(_ plan: PipelinePlan) -> String {
        var lines = ["digraph \(quoteDOT(plan.name)) {", "    rankdir=TB;", "    node [shape=box];"]
        for step in plan.steps {
            let label = ([step.name, summary(of: step)] + details(of: step)).joined(separator: "\n")
            let style = step.definition.forEach == nil ? "" : ", peripheries=2"
            lines.append("    \(quoteDOT(step.name)) [label=\(quoteDOT(label))\(style)];")
        }
        for step in plan.steps {
            for dependency in step.dependencies {
                lines.append("    \(quoteDOT(dependency)) -> \(quoteDOT(step.name));")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escapeMermaid(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "#quot;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            default: result.append(character)
            }
        }
        return result
    }

    private static func quoteDOT(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
