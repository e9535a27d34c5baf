public import SluiceCore
internal import SluiceTemplates

extension DiagnosticCode {
    /// `sluice prompt` for a step whose prompt needs other steps' outputs, or a bad `--item`.
    public static let promptUnavailable: DiagnosticCode = "prompt-unavailable"
}

/// Renders what a step would send, from inputs alone, for `sluice prompt`.
///
/// Only steps that read no other step's output can be shown this way; for the rest, run the
/// pipeline and look at the recorded prompt. A fan-out step is shown for one item.
public enum PromptPreview {
    /// One rendered part of the step: a message with its role, a template's text, stdin, an env variable, or a note.
    public struct Part: Sendable, Hashable {
        /// What the part is: `note`, `system`, `user`, `assistant`, `template`, `stdin` or `env NAME`.
        public var label: String
        /// The rendered text.
        public var text: String
    }

    /// The parts of `stepName` in `plan`, rendered with `inputs` for fan-out item `item` (0-based).
    public static func render(
        plan: PipelinePlan, step stepName: String, inputs: JSONObject, item: Int
    )
        throws(DiagnosticError) -> [Part]
    {
        guard let step = plan.step(named: stepName) else {
            let names = plan.steps.map(\.name)
            throw DiagnosticError(
                .error(
                    .unknownStep, "pipeline '\(plan.name)' has no step '\(stepName)'", at: nil,
                    hint: NameSuggestion.hint(for: stepName, in: names) ?? "steps: \(names.joined(separator: ", "))"))
        }
        guard step.dependencies.isEmpty else {
            throw DiagnosticError(
                .error(
                    .promptUnavailable,
                    "step '\(stepName)' uses the output of \(step.dependencies.joined(separator: ", ")), which exists only during a run",
                    at: step.definition.location,
                    hint: "run the pipeline, then read the rendered prompt with 'sluice show RUN \(stepName)'"))
        }
        let environment = plan.templateEnvironment
        var context: JSONObject = ["inputs": .object(inputs), "steps": .object([:])]
        if let forEach = step.forEach {
            let list = try forEach.evaluate(context: context, environment: environment)
            guard case .array(let items) = list else {
                throw DiagnosticError(
                    .error(
                        .promptUnavailable, "'for_each' of step '\(stepName)' gave \(list.typeName), not a list",
                        at: step.definition.forEach?.start))
            }
            guard items.indices.contains(item) else {
                throw DiagnosticError(
                    .error(
                        .promptUnavailable,
                        "step '\(stepName)' fans out over \(items.count) items; there is no item \(item)",
                        at: nil,
                        hint: items.isEmpty
                            ? "give inputs that make the list non-empty"
                            : "pass --item between 0 and \(items.count - 1)"))
            }
            context[step.definition.itemVariable ?? "item"] = items[item]
        }
        var variables: [(String, JSONValue)] = []
        for variable in step.variables {
            variables.append(
                (variable.name, try variable.expression.evaluate(context: context, environment: environment)))
        }
        for (name, value) in variables { context[name] = value }
        var parts: [Part] = []
        if let when = step.when, !(try when.evaluate(context: context, environment: environment)).isTruthy {
            let what = step.forEach == nil ? "the step" : "this item"
            parts.append(Part(label: "note", text: "'when' is false for these inputs, so a run would skip \(what)"))
        }
        if let system = step.system {
            parts.append(Part(label: "system", text: try system.render(context: context, environment: environment)))
        }
        for message in step.messages {
            parts.append(
                Part(
                    label: message.role.rawValue,
                    text: try message.content.render(context: context, environment: environment)))
        }
        if let prompt = step.prompt {
            parts.append(Part(label: "user", text: try prompt.render(context: context, environment: environment)))
        }
        if let template = step.template {
            parts.append(Part(label: "template", text: try template.render(context: context, environment: environment)))
        }
        for variable in step.environment {
            let value = try variable.expression.evaluate(context: context, environment: environment)
            parts.append(Part(label: "env \(variable.name)", text: value.stringValue ?? value.formatted(.compact)))
        }
        if let standardInput = step.standardInput {
            parts.append(
                Part(label: "stdin", text: try standardInput.render(context: context, environment: environment)))
        }
        return parts
    }
}
