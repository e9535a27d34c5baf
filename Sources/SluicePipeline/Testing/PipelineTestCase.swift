public import SluiceCore

/// One case of a pipeline's `tests:` section: the inputs to run with, an optional model to run
/// every model step on, and what the run must show.
public struct PipelineTestCase: Sendable {
    /// The case's name, its key under `tests:`.
    public var name: String
    /// Where the name is written.
    public var location: SourceLocation
    /// What the case checks, for people reading results.
    public var description: String?
    /// The inputs the case gives, already checked against the pipeline's input schemas; inputs it
    /// leaves out take their defaults.
    public var inputs: JSONObject
    /// The model chain every model step runs on instead of its own, when the case names one.
    public var models: [ModelReference]?
    /// The checks, in file order; every one is evaluated, so a report lists all that failed.
    public var assertions: [TestAssertion]

    /// A case with every field given.
    public init(
        name: String, location: SourceLocation, description: String?, inputs: JSONObject, models: [ModelReference]?,
        assertions: [TestAssertion]
    ) {
        self.name = name
        self.location = location
        self.description = description
        self.inputs = inputs
        self.models = models
        self.assertions = assertions
    }
}
