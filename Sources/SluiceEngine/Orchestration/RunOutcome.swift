public import SluiceCore
public import SluiceStore

/// How a ``PipelineRun`` ended: the run's result, whether it was fully recorded, and the exit
/// status a process reports for it.
public struct RunOutcome: Sendable {
    /// The run's result: status, outputs, error.
    public var result: RunResult
    /// The first store error met while recording, if any; the run itself went on.
    public var recordingFailure: StoreError?

    /// An outcome with both parts given.
    public init(result: RunResult, recordingFailure: StoreError?) {
        self.result = result
        self.recordingFailure = recordingFailure
    }

    /// The exit status for the run's status: `0` succeeded, `3` stopped by its budget,
    /// `130` interrupted, `1` anything else.
    public var exitStatus: ExitStatus {
        ExitStatus(runStatus: result.status)
    }
}
