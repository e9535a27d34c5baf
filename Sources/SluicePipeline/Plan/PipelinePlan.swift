/// A pipeline checked end to end and ready to run: steps in dependency order with their parallel levels.
///
/// Only a pipeline with no errors gets a plan. The executor runs `levels` in order (every step
/// in a level may run at once, since its dependencies are all in earlier levels), or starts each
/// step as soon as its `dependencies` finish.
public struct PipelinePlan: Sendable {
    /// The checked file: name, inputs, budget, schedule.
    public var definition: PipelineDefinition
    /// Every step, in topological order (dependencies first; file order among independent steps).
    public var steps: [PlannedStep]
    /// Step names grouped so that each group depends only on earlier groups.
    public var levels: [[String]]

    /// A plan with every field given.
    public init(definition: PipelineDefinition, steps: [PlannedStep], levels: [[String]]) {
        self.definition = definition
        self.steps = steps
        self.levels = levels
    }

    /// The pipeline's name.
    public var name: String { definition.name }

    /// The step called `name`.
    public func step(named name: String) -> PlannedStep? {
        steps.first { $0.name == name }
    }
}

/// One step of a plan: its checked definition and the steps it waits for.
public struct PlannedStep: Sendable {
    /// The step as written, with defaults applied.
    public var definition: StepDefinition
    /// Steps that must finish first: those it references plus those under `needs`, sorted.
    public var dependencies: [String]

    /// A planned step with every field given.
    public init(definition: StepDefinition, dependencies: [String]) {
        self.definition = definition
        self.dependencies = dependencies
    }

    /// The step's name.
    public var name: String { definition.name }
}
