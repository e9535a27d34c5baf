public import SluiceCore
public import SluicePipeline
public import SluiceStore

/// One run of a pipeline from start to end: the run is created in the store, the plan executed,
/// every event recorded, and the result mapped to an ``ExitStatus``.
///
/// This is the one way a run is started — `sluice run`, the scheduler daemon and `sluice test`
/// all call it — so a run is recorded the same way whoever started it:
///
/// ```swift
/// let run = try await PipelineRun.start(
///     plan: plan, inputs: inputs, store: store,
///     environment: .standard(config: config, maximumCost: plan.definition.maximumCost),
///     options: RunOptions(workingDirectory: project.root))
/// let outcome = await run.complete { event in progress.show(event) }
/// exit(outcome.exitStatus.rawValue)
/// ```
///
/// ``interrupt()`` stops the run from another task (a signal handler, a daemon shutting down):
/// work in flight is cancelled and still recorded, as `interrupted`.
public final class PipelineRun: Sendable {
    /// The run's id, known from the moment it is created.
    public let runID: RunID
    /// The plan being run.
    public let plan: PipelinePlan
    private let execution: RunExecution
    private let recorder: RunRecorder
    private let clock: any TimeSource

    private init(
        runID: RunID, plan: PipelinePlan, execution: RunExecution, recorder: RunRecorder, clock: any TimeSource
    ) {
        self.runID = runID
        self.plan = plan
        self.execution = execution
        self.recorder = recorder
        self.clock = clock
    }

    /// Creates the run in `store` with `inputs` (already resolved and validated, see
    /// `PipelineInputs.resolve`) and starts executing `plan`.
    ///
    /// Throws only when the store cannot create the run; nothing has run then.
    public static func start(
        plan: PipelinePlan, inputs: JSONObject, store: SluiceStore, environment: ExecutionEnvironment,
        options: RunOptions, owner: RunOwner = .current
    ) async throws(StoreError) -> PipelineRun {
        let record = try await store.createRun(
            pipeline: plan.name, inputs: .object(inputs), startedAt: environment.clock.date, owner: owner)
        try await store.recordPlanFingerprint(PlanFingerprint.of(plan), of: record.id)
        return launch(record.id, plan: plan, inputs: inputs, store: store, environment: environment, options: options)
    }

    /// Starts executing `plan` as run `runID` (already in `store`), recording into it.
    static func launch(
        _ runID: RunID, plan: PipelinePlan, inputs: JSONObject, store: SluiceStore,
        environment: ExecutionEnvironment, options: RunOptions
    ) -> PipelineRun {
        let executor = PipelineExecutor(plan: plan, environment: environment, options: options)
        let execution = executor.start(runID: runID, inputs: inputs)
        let recorder = RunRecorder(
            store: store, runID: runID,
            stepKinds: Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.name, $0.definition.kind) }),
            clock: environment.clock)
        return PipelineRun(runID: runID, plan: plan, execution: execution, recorder: recorder, clock: environment.clock)
    }

    /// Interrupts the run (Ctrl-C, SIGTERM, a daemon stopping); ``complete(observing:)`` still
    /// records everything and returns an `interrupted` outcome.
    public func interrupt() {
        execution.interrupt()
    }

    /// Records every event of the run in the store, hands each to `observer` (progress on a
    /// terminal, a log) after the recorder has it, and returns how the run ended once it has.
    ///
    /// A step's end is written before it is shown, unless more of the run's events are already
    /// waiting: then it is written with them, once the recorder has caught up (see ``RunRecorder``).
    ///
    /// Call it exactly once.
    public func complete(observing observer: (RunEvent) async -> Void = { _ in }) async -> RunOutcome {
        var result: RunResult?
        for await event in execution.events {
            await recorder.record(event, moreEventsWaiting: execution.hasWaitingEvents)
            await observer(event)
            if case .runFinished(let finished) = event { result = finished }
        }
        let failure = await recorder.failure
        // The executor always ends with runFinished; a stream cut short is recorded as interrupted.
        let final =
            result
            ?? RunResult(
                runID: runID, status: .interrupted, outputs: nil,
                failure: RunFailure(.interrupted, "the run's events ended before it finished"), finishedAt: clock.date)
        return RunOutcome(result: final, recordingFailure: failure)
    }
}
