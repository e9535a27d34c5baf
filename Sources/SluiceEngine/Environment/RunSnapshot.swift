public import SluiceCore

/// The work of a run that is already done, for resuming it: each finished step's status and
/// output, each finished fan-out item of a step that did not finish, and the highest attempt
/// number recorded for every step and item. A seeded run does not run finished steps or items
/// again (and emits no events for them: their records are already in the run); their outputs
/// feed the steps that depend on them, and new attempts are numbered after the recorded ones.
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

    /// A fan-out item that finished in an earlier attempt at the run.
    public struct FinishedItem: Sendable, Hashable {
        /// `succeeded` or `skipped`.
        public var status: ExecutionStatus
        /// The value the item was bound to then; the item runs again if the list now holds
        /// something else at its index.
        public var input: JSONValue?
        /// Its output (`null` when skipped).
        public var output: JSONValue

        /// A finished item with its status, input and output.
        public init(status: ExecutionStatus, input: JSONValue?, output: JSONValue) {
            self.status = status
            self.input = input
            self.output = output
        }
    }

    /// A step, or one fan-out item of a step: what attempts are numbered within.
    public struct AttemptSlot: Sendable, Hashable {
        /// The step.
        public var step: String
        /// The item, for a fan-out step.
        public var itemIndex: Int?

        /// The slot of `step` (and `itemIndex`).
        public init(step: String, itemIndex: Int? = nil) {
            self.step = step
            self.itemIndex = itemIndex
        }
    }

    /// The finished steps, by name.
    public var finishedSteps: [String: FinishedStep]
    /// The finished items of steps that did not finish, by step name and item index.
    public var finishedItems: [String: [Int: FinishedItem]]
    /// The highest attempt number recorded per step and item.
    public var attemptNumbers: [AttemptSlot: Int]

    /// A snapshot of `finishedSteps`, `finishedItems` and `attemptNumbers`.
    public init(
        finishedSteps: [String: FinishedStep] = [:], finishedItems: [String: [Int: FinishedItem]] = [:],
        attemptNumbers: [AttemptSlot: Int] = [:]
    ) {
        self.finishedSteps = finishedSteps
        self.finishedItems = finishedItems
        self.attemptNumbers = attemptNumbers
    }

    /// Nothing finished yet: a fresh run.
    public static let empty = RunSnapshot()
}
