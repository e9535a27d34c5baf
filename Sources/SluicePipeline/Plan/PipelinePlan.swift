public import SluiceTemplates

/// A pipeline checked end to end and ready to run: compiled templates, steps in dependency order, parallel levels.
///
/// Only a pipeline with no errors gets a plan, so an executor can trust every reference in it:
/// each `inputs.X` is declared, each `steps.X` exists and comes earlier, every template parsed.
/// Run `levels` in order (each level's steps may run at once), or start each step as soon as
/// its `dependencies` have finished.
public struct PipelinePlan: Sendable {
    /// The checked file: name, inputs (with compiled schemas), budget, schedule.
    public var definition: PipelineDefinition
    /// Every step, in topological order (dependencies first; file order among independent steps).
    public var steps: [PlannedStep]
    /// Step names grouped so that each group depends only on earlier groups.
    public var levels: [[String]]
    /// The run's named outputs, evaluated with `inputs` and `steps` once every step has finished.
    public var outputs: [PlannedExpression]
    /// Resolves `{% include %}` under the project's `templates/`; pass it to every render.
    public var templateEnvironment: TemplateEnvironment

    /// A plan with every field given.
    public init(
        definition: PipelineDefinition, steps: [PlannedStep], levels: [[String]], outputs: [PlannedExpression],
        templateEnvironment: TemplateEnvironment
    ) {
        self.definition = definition
        self.steps = steps
        self.levels = levels
        self.outputs = outputs
        self.templateEnvironment = templateEnvironment
    }

    /// The pipeline's name.
    public var name: String { definition.name }

    /// The step called `name`.
    public func step(named name: String) -> PlannedStep? {
        steps.first { $0.name == name }
    }
}

/// A name bound to a compiled expression: a `vars:`, `env:` or `outputs:` entry.
public struct PlannedExpression: Sendable {
    /// The name.
    public var name: String
    /// The compiled expression.
    public var expression: TemplateExpression

    /// `name` bound to `expression`.
    public init(name: String, expression: TemplateExpression) {
        self.name = name
        self.expression = expression
    }
}

/// A compiled few-shot turn of a model step.
public struct PlannedMessage: Sendable {
    /// Who speaks.
    public var role: MessageSource.Role
    /// What is said.
    public var content: Template

    /// A turn by `role`.
    public init(role: MessageSource.Role, content: Template) {
        self.role = role
        self.content = content
    }
}
