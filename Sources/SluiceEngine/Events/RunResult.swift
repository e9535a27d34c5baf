public import Foundation
public import SluiceCore

/// How a run ended: what ``RunEvent/runFinished(_:)`` carries.
public struct RunResult: Sendable {
    /// The run.
    public var runID: RunID
    /// `succeeded`, `failed`, `interrupted` or `budget-stopped`.
    public var status: ExecutionStatus
    /// The run's outputs evaluated from `outputs:`; only for a run whose steps all succeeded or were skipped.
    public var outputs: JSONObject?
    /// Why the run failed or stopped.
    public var failure: RunFailure?
    /// Problems worth a person's attention even when the run went on: provider accounts set
    /// aside for the run, each naming the setting to check.
    public var warnings: [RunFailure]
    /// When it ended.
    public var finishedAt: Date

    /// A result with every field given.
    public init(
        runID: RunID, status: ExecutionStatus, outputs: JSONObject?, failure: RunFailure?,
        warnings: [RunFailure] = [], finishedAt: Date
    ) {
        self.runID = runID
        self.status = status
        self.outputs = outputs
        self.failure = failure
        self.warnings = warnings
        self.finishedAt = finishedAt
    }
}
