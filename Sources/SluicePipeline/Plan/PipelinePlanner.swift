public import SluiceCore

/// Turns a ``PipelineDefinition`` into a ``PipelinePlan``: dependencies, order and cycle checks.
public enum PipelinePlanner {
    /// The plan for `definition`, or the diagnostics explaining why there is none.
    public static func plan(_ definition: PipelineDefinition) -> (plan: PipelinePlan?, diagnostics: [Diagnostic]) {
        var dependencies: [String: Set<String>] = [:]
        for step in definition.steps {
            dependencies[step.name, default: []].formUnion(step.needs.map(\.name))
        }
        let graph = DependencyGraph(names: definition.steps.map(\.name), dependencies: dependencies)
        var diagnostics: [Diagnostic] = []
        for cycle in graph.cycles() {
            let location = definition.steps.first { $0.name == cycle[0] }?.location
            diagnostics.append(
                .error(
                    .dependencyCycle, "steps depend on each other in a circle: \(cycle.joined(separator: " → "))",
                    at: location,
                    hint: "each arrow is a 'needs' entry or a 'steps.X' reference; remove one to break the circle"))
        }
        guard diagnostics.isEmpty, let levels = graph.levels() else { return (nil, diagnostics) }
        let byName = Dictionary(uniqueKeysWithValues: definition.steps.map { ($0.name, $0) })
        let steps = levels.flatMap { $0 }.compactMap { name in
            byName[name].map { PlannedStep(definition: $0, dependencies: graph.dependencies[name] ?? []) }
        }
        return (PipelinePlan(definition: definition, steps: steps, levels: levels), diagnostics)
    }
}
