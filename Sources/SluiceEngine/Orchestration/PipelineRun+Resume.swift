public import SluiceCore
public import SluicePipeline
public import SluiceStore

extension PipelineRun {
    /// Takes run `runID` up again, in the same run record: finished steps and fan-out items are
    /// kept as recorded (never called or billed again, cache or not), everything else runs again
    /// with the run's original inputs, and new attempts are numbered after the recorded ones.
    ///
    /// A run left `running` by a process that died (`kill -9`, a crash, a reboot) is first marked
    /// `interrupted`, then resumed like any other.
    ///
    /// - Throws: ``RunFailure`` with `resume-still-running` (its process is alive),
    ///   `resume-nothing-to-do` (it succeeded), `resume-plan-changed` (`plan`'s steps,
    ///   dependencies or fan-outs differ from the run's, see ``PlanFingerprint``), or a store
    ///   error's diagnostic when the store cannot be read or written.
    public static func resume(
        _ runID: RunID, plan: PipelinePlan, store: SluiceStore, environment: ExecutionEnvironment,
        options: RunOptions, owner: RunOwner = .current
    ) async throws(RunFailure) -> PipelineRun {
        do {
            try await store.reapAbandonedRuns(now: environment.clock.date)
            let transcript = try await store.transcript(runID)
            let run = transcript.run
            if run.status == .running {
                throw RunFailure(
                    .resumeStillRunning,
                    "run \(runID) is still running (pid \(run.owner.processID) on \(run.owner.host))",
                    hint: "wait for it to end, or stop it (Ctrl-C, or kill \(run.owner.processID)) and resume it then")
            }
            if run.status == .succeeded {
                throw RunFailure(
                    .resumeNothingToDo, "run \(runID) succeeded; there is nothing left to resume",
                    hint: "start a new run with `sluice run \(run.pipeline)`; the cache makes unchanged steps free")
            }
            if let recorded = try await store.planFingerprint(of: runID), recorded != PlanFingerprint.of(plan) {
                throw RunFailure(
                    .resumePlanChanged,
                    "pipeline '\(plan.name)' changed its steps, dependencies or fan-outs since run \(runID) started, "
                        + "so the run's finished work no longer fits it",
                    at: SourceLocation(file: plan.definition.file, line: 1, column: 1),
                    hint: "start a new run with `sluice run \(plan.name)` (the cache makes unchanged steps free), "
                        + "or restore the pipeline's earlier steps to resume")
            }
            let snapshot = RunSnapshot(recorded: transcript)
            try await store.reopenRun(runID, owner: owner, at: environment.clock.date)
            var environment = environment
            environment.finishedWork = snapshot
            return launch(
                runID, plan: plan, inputs: run.inputs.objectValue ?? [:], store: store, environment: environment,
                options: options)
        } catch let failure as RunFailure {
            throw failure
        } catch let error as StoreError {
            throw RunFailure(error.diagnostic)
        } catch {
            throw RunFailure(.untypedFailure, "\(error)")
        }
    }
}
