import SluiceCore

/// How a finished step stands, for the steps that depend on it.
struct StepState: Sendable {
    /// The step's final status.
    var status: ExecutionStatus
    /// Its output (`null` for a skipped step).
    var output: JSONValue
    /// Why it failed or stopped.
    var failure: RunFailure?
    /// Whether its output came from the response cache (every item's, for a fan-out).
    var cacheHit = false

    /// Whether dependents may run: the step succeeded or was skipped.
    var allowsDependents: Bool { status == .succeeded || status == .skipped }
}

/// What running one step (or one fan-out item) gave.
enum UnitResult: Sendable {
    /// An output, and whether it came from the response cache.
    case output(JSONValue, fromCache: Bool = false)
    /// `when` was false.
    case skipped
    /// A failure.
    case failed(RunFailure)
    /// The run was stopped (interrupt, fail-fast, run timeout, budget) while it ran.
    case stopped
}
