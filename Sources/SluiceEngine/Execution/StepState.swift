import SluiceCore
import SluiceStore

/// How a finished step stands, for the steps that depend on it.
struct StepState: Sendable {
    /// The step's final status.
    var status: ExecutionStatus
    /// Its output (`null` for a skipped step).
    var output: JSONValue
    /// Why it failed or stopped.
    var error: String?

    /// Whether dependents may run: the step succeeded or was skipped.
    var allowsDependents: Bool { status == .succeeded || status == .skipped }
}

/// What running one step (or one fan-out item) gave.
enum UnitResult: Sendable {
    /// An output.
    case output(JSONValue)
    /// `when` was false.
    case skipped
    /// A failure, with its message.
    case failed(String)
    /// The run was stopped (interrupt, fail-fast, run timeout) while it ran.
    case stopped
}

/// A step failure with a message meant for people: what failed and what the output or command said.
struct StepFailure: Error, Sendable {
    /// The message.
    var message: String

    init(_ message: String) {
        self.message = message
    }

    init(_ error: DiagnosticError) {
        self.message = error.diagnostics.map { diagnostic in
            diagnostic.headline + (diagnostic.hint.map { "\n  hint: \($0)" } ?? "")
        }.joined(separator: "\n")
    }
}
