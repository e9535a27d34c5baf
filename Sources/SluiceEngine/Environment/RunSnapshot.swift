public import SluiceCore

/// The work of a run that is already done, for resuming it: each finished step's status and
/// output. A seeded run does not run those steps again (and emits no events for them); their
/// outputs feed the steps that depend on them.
public struct RunSnapshot: Sendable, Hashable {
    /// A step that finished in an earlier attempt at the run.
    public struct FinishedStep: Sendable, Hashable {
        /// `succeeded` or `skipped`: the statuses that let dependents run.
        public var status: ExecutionStatus
        /// Its output (`null` when skipped).
        public var output: JSONValue

        /// A finished step with its status and output.
        public init(status: ExecutionStatus, output: JSONValue) {
            self.status = status
            self.output = output
        }
    }

    /// The finished steps, by name.
    public var finishedSteps: [String: FinishedStep]

    /// A snapshot of `finishedSteps`.
    public init(finishedSteps: [String: FinishedStep] = [:]) {
        self.finishedSteps = finishedSteps
    }

    /// Nothing finished yet: a fresh run.
    public static let empty = RunSnapshot()
}
