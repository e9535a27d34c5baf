public import SluiceCore
public import SluicePipeline

/// Runs a checked ``PipelinePlan``: steps start as soon as their dependencies have finished,
/// fan-outs run under their step's `concurrency` and the run's `--concurrency`, and everything
/// that happens is reported as ``RunEvent``s.
///
/// The executor writes nothing itself: record a run by passing its events to a ``RunRecorder``,
/// show it by rendering them. docs/running.md states the rules (skips, failures, timeouts).
public struct PipelineExecutor: Sendable {
    /// The plan to run.
    public let plan: PipelinePlan
    /// What the run reads from the world: clock and providers.
    public let environment: ExecutionEnvironment
    /// Command-line choices.
    public let options: RunOptions

    /// An executor for `plan`.
    public init(plan: PipelinePlan, environment: ExecutionEnvironment, options: RunOptions) {
        self.plan = plan
        self.environment = environment
        self.options = options
    }

    /// Starts the run `runID` with `inputs` (already resolved and validated, see
    /// `PipelineInputs.resolve`) and returns its events.
    ///
    /// The run goes on in its own task until it ends or ``RunExecution/interrupt()`` is called;
    /// its last event is always ``RunEvent/runFinished(_:)``.
    public func start(runID: RunID, inputs: JSONObject) -> RunExecution {
        let channel = RunEventChannel()
        let control = RunControl()
        let driver = RunDriver(
            plan: plan, environment: environment, options: options, runID: runID, inputs: inputs, channel: channel,
            control: control)
        let task = Task {
            await driver.execute()
            channel.finish()
        }
        control.attach(task)
        return RunExecution(channel: channel, task: task)
    }
}
