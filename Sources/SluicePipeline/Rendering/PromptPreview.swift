public import SluiceCore
import SluiceProviders

/// Renders what a step would send, from inputs alone, for `sluice prompt`.
///
/// The rendering is the engine's own (``StepBinding``), so the text shown is the text a run
/// sends. A step that reads other steps' outputs needs them: pass the outputs of a recorded run
/// (`sluice prompt --run RUN`). A fan-out step is shown for one item.
public enum PromptPreview {
    /// One rendered part of the step: a message with its role, a template's text, stdin, an env variable, or a note.
    public struct Part: Sendable, Hashable {
        /// What the part is: `note`, `system`, `user`, `assistant`, `template`, `stdin` or `env NAME`.
        public var label: String
        /// The rendered text.
        public var text: String
    }

    /// The parts of `stepName` in `plan`, rendered with `inputs` and the outputs of finished
    /// steps (`stepOutputs`, step name → output) for fan-out item `item` (0-based).
    public static func render(
        plan: PipelinePlan, step stepName: String, inputs: JSONObject, item: Int, stepOutputs: JSONObject = [:]
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
        let missing = step.dependencies.filter { stepOutputs[$0] == nil }
        guard missing.isEmpty else {
            throw DiagnosticError(
                .error(
                    .promptUnavailable,
                    "step '\(stepName)' uses the output of \(missing.joined(separator: ", ")), which exists only during a run",
                    at: step.definition.location,
                    hint:
                        "run the pipeline, then render with its outputs: 'sluice prompt \(plan.name) \(stepName) --run RUN'"
                ))
        }
        let binding = StepBinding(step, in: plan)
        var finished = JSONObject()
        for name in step.dependencies { finished[name] = ["output": stepOutputs[name] ?? .null] }
        let base = plan.runContext(inputs: inputs, steps: finished)
        var element: JSONValue?
        if let items = try binding.items(in: base) {
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
            element = items[item]
        }
        let context = try binding.context(base: base, item: element)
        var parts: [Part] = []
        if !(try binding.runs(in: context)) {
            let what = step.forEach == nil ? "the step" : "this item"
            parts.append(Part(label: "note", text: "'when' is false for these inputs, so a run would skip \(what)"))
        }
        let payload = try binding.payload(in: context)
        parts += payload.messages.map { Part(label: $0.role.rawValue, text: $0.content) }
        if let text = payload.templateText { parts.append(Part(label: "template", text: text)) }
        parts += payload.environment.map { Part(label: "env \($0.name)", text: $0.value) }
        if let input = payload.standardInput { parts.append(Part(label: "stdin", text: input)) }
        return parts
    }
}
