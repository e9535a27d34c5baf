public import SluiceCore

/// Every code the engine gives a ``RunFailure``: the one catalogue for SluiceEngine, listed in
/// docs/running.md. A provider's own failures keep the provider's code (`provider-<code>`).
extension DiagnosticCode {
    /// A model on a provider this build cannot call (no adapter for its kind, or not configured).
    public static let providerUnavailable: DiagnosticCode = "provider-unavailable"
    /// A provider account was set aside earlier in the run (a rejected key, a wrong address).
    public static let accountDisabled: DiagnosticCode = "account-disabled"
    /// A model was not called: its account's circuit breaker refused calls (open, probing, or
    /// disabled for the run).
    public static let circuitOpen: DiagnosticCode = "circuit-open"
    /// Every model of a step's chain failed.
    public static let modelsExhausted: DiagnosticCode = "models-exhausted"
    /// A provider asked to wait longer than the retry cap, and no other model was left to try.
    public static let retryDelayTooLong: DiagnosticCode = "retry-delay-too-long"
    /// A model call, command or template did not finish within its step's `timeout`.
    public static let stepTimeout: DiagnosticCode = "step-timeout"
    /// A streamed answer broke off after some of it was shown, and the step's `on_stream_error`
    /// is `fail`.
    public static let streamInterrupted: DiagnosticCode = "stream-interrupted"
    /// A `run:` command exited with a non-zero status or was killed by a signal.
    public static let commandFailed: DiagnosticCode = "command-failed"
    /// A `run:` command could not be started.
    public static let commandNotStarted: DiagnosticCode = "command-not-started"
    /// A `run:` step's `env:` value is larger than one environment variable may be.
    public static let commandEnvironmentTooLarge: DiagnosticCode = "command-env-too-large"
    /// A step's output is not valid JSON.
    public static let outputNotJSON: DiagnosticCode = "output-not-json"
    /// A step's JSON output does not match its schema.
    public static let outputSchemaMismatch: DiagnosticCode = "output-schema-mismatch"
    /// A template, expression or variable failed while the run was evaluating it.
    public static let evaluationFailed: DiagnosticCode = "evaluation-failed"
    /// Some items of a fan-out failed.
    public static let itemsFailed: DiagnosticCode = "items-failed"
    /// A step was not run because a step it depends on did not succeed.
    public static let dependencyFailed: DiagnosticCode = "dependency-failed"
    /// A step failed and `--fail-fast` cancelled the rest of the run.
    public static let failFast: DiagnosticCode = "fail-fast"
    /// The run took longer than `--timeout`.
    public static let runTimeout: DiagnosticCode = "run-timeout"
    /// The run was interrupted (Ctrl-C, SIGTERM).
    public static let interrupted: DiagnosticCode = "interrupted"
    /// A step failed, so the run did.
    public static let stepFailed: DiagnosticCode = "step-failed"
    /// The run's budget would be exceeded by another call; the run stopped (`budget-stopped`).
    public static let budgetExceeded: DiagnosticCode = "budget-exceeded"
    /// No model of a step's chain gave usable output (valid JSON matching the schema, the required
    /// XML tags), even after the repair turns each was allowed.
    public static let repairsExhausted: DiagnosticCode = "repairs-exhausted"
    /// The pipeline's `outputs:` could not be evaluated.
    public static let outputsFailed: DiagnosticCode = "outputs-failed"
    /// `sluice resume` was asked for a run that is still running in a live process.
    public static let resumeStillRunning: DiagnosticCode = "resume-still-running"
    /// `sluice resume` was asked for a run that succeeded: there is nothing left to do.
    public static let resumeNothingToDo: DiagnosticCode = "resume-nothing-to-do"
    /// The pipeline's steps, dependencies or fan-outs changed since the run started, so its
    /// finished work no longer fits the plan.
    public static let resumePlanChanged: DiagnosticCode = "resume-plan-changed"
    /// The run belongs to a pipeline that no longer exists in the project.
    public static let resumePipelineMissing: DiagnosticCode = "resume-pipeline-missing"
}
