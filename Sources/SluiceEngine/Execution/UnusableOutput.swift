import SluiceCore

/// A model's answer that is not the step's output: not JSON, not matching the schema, or missing
/// a required XML tag. The repair loop sends ``feedback`` back to the model with the answer.
struct UnusableOutput: Error {
    /// The answer as the model wrote it.
    var answer: String
    /// Why the output cannot be used, as recorded on the attempt and shown to people.
    var failure: RunFailure
    /// The same, worded for the model in a repair turn: the problems, one per line.
    var feedback: String
}
