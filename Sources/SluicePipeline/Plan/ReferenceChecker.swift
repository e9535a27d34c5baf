import SluiceCore
internal import SluiceTemplates

/// Checks the references of templates and expressions against the pipeline's names, collecting the steps they use.
struct ReferenceChecker {
    /// The fields of a step result a template may read: `steps.X.output`.
    static let stepFields = ["output"]

    let inputNames: [String]
    let stepNames: [String]
    var diagnostics: [Diagnostic] = []

    /// Checks `references` under `scope`; returns the steps they read.
    mutating func check(_ references: [TemplateReference], in scope: ReferenceScope) -> Set<String> {
        var used: Set<String> = []
        for reference in references {
            guard let root = reference.path.first else { continue }
            switch root {
            case "inputs":
                guard reference.path.count >= 2 else { continue }
                let name = reference.path[1]
                if !inputNames.contains(name) {
                    let hint =
                        NameSuggestion.hint(for: name, in: inputNames)
                        ?? (inputNames.isEmpty
                            ? "declare it under 'inputs:' at the top of the pipeline"
                            : "declared inputs: \(inputNames.joined(separator: ", ")); declare it under 'inputs:'")
                    diagnostics.append(
                        .error(.unknownInput, "unknown input 'inputs.\(name)'", at: reference.location, hint: hint))
                }
            case "steps":
                guard reference.path.count >= 2 else {
                    diagnostics.append(
                        .error(
                            .unknownStepField, "'steps' must be followed by a step name and '.output'",
                            at: reference.location, hint: "write steps.NAME.output"))
                    continue
                }
                let name = reference.path[1]
                guard stepNames.contains(name) else {
                    diagnostics.append(
                        .error(
                            .unknownStep, "unknown step 'steps.\(name)'", at: reference.location,
                            hint: NameSuggestion.hint(for: name, in: stepNames)
                                ?? "steps in this pipeline: \(stepNames.joined(separator: ", "))"))
                    continue
                }
                if name == scope.stepName {
                    diagnostics.append(
                        .error(
                            .dependencyCycle, "step '\(name)' refers to its own output", at: reference.location,
                            hint: "a step can read only the outputs of other steps"))
                    continue
                }
                guard reference.path.count >= 3 else {
                    diagnostics.append(
                        .error(
                            .unknownStepField, "'steps.\(name)' must be followed by '.output'",
                            at: reference.location, hint: "write steps.\(name).output"))
                    continue
                }
                if !Self.stepFields.contains(reference.path[2]) {
                    diagnostics.append(
                        .error(
                            .unknownStepField, "a step result has no field '\(reference.path[2])'",
                            at: reference.location,
                            hint: (NameSuggestion.hint(for: reference.path[2], in: Self.stepFields).map { $0 + " " }
                                ?? "")
                                + "write steps.\(name).output (for a JSON step, steps.\(name).output.FIELD)"))
                }
                used.insert(name)
            default:
                if root == scope.itemVariable || scope.variables.contains(root) { continue }
                if let owner = scope.loopVariablesOfSteps[root], owner == scope.stepName {
                    diagnostics.append(
                        .error(
                            .unknownVariable,
                            "'\(root)' is bound to each item by 'for_each', so 'for_each' itself cannot use it",
                            at: reference.location, hint: "'for_each' can use 'inputs' and 'steps'"))
                    continue
                }
                if let owner = scope.loopVariablesOfSteps[root] {
                    diagnostics.append(
                        .error(
                            .loopVariableOutsideStep,
                            "'\(root)' is the fan-out item of step '\(owner)' and exists only inside it",
                            at: reference.location,
                            hint: "read that step's results as steps.\(owner).output (a list, in input order)"))
                    continue
                }
                let hint =
                    NameSuggestion.hint(for: root, in: scope.visibleRoots)
                    ?? "templates can use \(scope.visibleRoots.map { "'\($0)'" }.joined(separator: ", "))"
                diagnostics.append(
                    .error(.unknownVariable, "unknown variable '\(root)'", at: reference.location, hint: hint))
            }
        }
        return used
    }
}
