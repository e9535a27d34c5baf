public import SluiceCore
public import SluiceSchema

/// A pipeline file read and checked field by field: inputs, defaults, steps and outputs.
public struct PipelineDefinition: Sendable {
    /// The pipeline's name: its file name without `.yaml`.
    public var name: String
    /// The file, relative to the project root.
    public var file: String
    /// What the pipeline does.
    public var description: String?
    /// When `sluice schedule` runs it, and how.
    public var schedule: PipelineSchedule?
    /// Declared inputs, in file order.
    public var inputs: [InputDeclaration]
    /// The run's spending limit in US dollars.
    public var maximumCost: Double?
    /// Steps in file order.
    public var steps: [StepDefinition]
    /// The run's named outputs.
    public var outputs: [NamedExpression]
    /// The cases of its `tests:` section, in file order; `sluice test` runs them.
    public var tests: [PipelineTestCase] = []

    /// A definition with every field given.
    public init(
        name: String, file: String, description: String?, schedule: PipelineSchedule?, inputs: [InputDeclaration],
        maximumCost: Double?, steps: [StepDefinition], outputs: [NamedExpression]
    ) {
        self.name = name
        self.file = file
        self.description = description
        self.schedule = schedule
        self.inputs = inputs
        self.maximumCost = maximumCost
        self.steps = steps
        self.outputs = outputs
    }
}

/// One declared pipeline input: a JSON Schema and an optional default.
public struct InputDeclaration: Sendable {
    /// The input's name, used as `inputs.<name>`.
    public var name: String
    /// Where the name is written.
    public var location: SourceLocation
    /// The JSON Schema the value must satisfy, compiled (its document keeps `default`).
    public var schema: Schema
    /// The value used when the run gives none; an input without one is required.
    public var defaultValue: JSONValue?

    /// An input with every field given.
    public init(name: String, location: SourceLocation, schema: Schema, defaultValue: JSONValue?) {
        self.name = name
        self.location = location
        self.schema = schema
        self.defaultValue = defaultValue
    }

    /// Whether a run must supply the value.
    public var isRequired: Bool { defaultValue == nil }
}
