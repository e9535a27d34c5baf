public import Foundation
public import SluiceCore
public import SluiceProviders

/// One thing that happened during a run, in the order it happened.
///
/// The executor emits these and nothing else: the store recorder (``RunRecorder``) and the
/// terminal renderer are consumers of the same ordered stream, and step logic calls neither.
/// Events carry the run's own vocabulary (SluiceCore's `RunID`, `AttemptStart`, `AttemptOutcome`,
/// `WorkOutcome`, `RunFailure`), so a consumer needs no store. Events of one step, item or attempt
/// always come in this order: started, deltas and usage, finished, then a retry or fallback
/// notice. Events of different steps and items interleave as the work does.
public enum RunEvent: Sendable {
    /// The run began with these (validated) inputs.
    case runStarted(runID: RunID, pipeline: String, inputs: JSONObject, at: Date)
    /// A step began; `itemCount` is the fan-out size for a `for_each` step, `nil` for a single call.
    case stepStarted(step: String, kind: StepKind, itemCount: Int?, at: Date)
    /// A fan-out item began; `input` is the value bound to the step's item variable.
    case itemStarted(step: String, index: Int, input: JSONValue, at: Date)
    /// A provider call (or a command, for a run step) began.
    case attemptStarted(AttemptStart)
    /// Response text arrived; only for streaming steps (`stream: true`).
    case textDelta(AttemptKey, String)
    /// The attempt `key` is about to show text after an earlier attempt of the same step or item
    /// had shown some and broke off (`on_stream_error: restart`): `model` (`provider/model`)
    /// starts the answer again, and `after` is the failure that broke the earlier one. Comes just
    /// before the attempt's first `textDelta`.
    case streamRestarted(AttemptKey, model: String, after: RunFailure)
    /// The provider reported token usage for an attempt.
    case usage(AttemptKey, TokenUsage)
    /// An attempt ended: succeeded, failed, cancelled or interrupted.
    case attemptFinished(AttemptKey, AttemptOutcome)
    /// The attempt `key` failed and the same model will be asked again after `delay`; `reason`
    /// is the attempt's failure.
    case retryScheduled(AttemptKey, delay: Duration, reason: RunFailure)
    /// The attempt `key` failed and the chain moves on to model `next` (`provider/model`);
    /// `reason` carries the attempt's failure code and, as its message, why the policy moved on.
    case fellBack(AttemptKey, next: String, reason: RunFailure)
    /// A provider account failed in a way only a person can fix (a rejected key, a wrong
    /// address); it is not tried again in this run. `reason` names the setting to check. For a
    /// missing key no attempt is made, and `key` is the step's last attempt (numbered 0 when none).
    case accountDisabled(AttemptKey, provider: String, reason: RunFailure)
    /// The attempt `key` moved its account's circuit breaker (`change` says from what to what,
    /// and why: `breaker openai#… closed → open: 5 failures in a row, the last server-error`):
    /// its result did, or, for the move to half-open, being the first call after the cool-down
    /// (then this event comes before the attempt's start).
    case breakerChanged(AttemptKey, provider: String, change: String)
    /// A model was not called: its account's circuit breaker refused the call, or its provider
    /// cannot be called at all (its API key variable is unset or empty), so no request was sent
    /// and no attempt made; the chain moved on.
    case callSkipped(SkippedCall)
    /// A fan-out item ended.
    case itemFinished(step: String, index: Int, outcome: WorkOutcome)
    /// A step ended with an output (status `succeeded`).
    case stepFinished(step: String, outcome: WorkOutcome)
    /// A step failed, or was not run or stopped because of a failure or an interruption
    /// (status `failed`, `cancelled` or `interrupted`); the outcome's failure says why.
    case stepFailed(step: String, outcome: WorkOutcome)
    /// A step's `when` was false (status `skipped`, output null).
    case stepSkipped(step: String, outcome: WorkOutcome)
    /// The run ended; always the last event.
    case runFinished(RunResult)
}
