public import Foundation
public import SluiceCore

/// One change to a run's record, so that several can be written in one transaction with
/// ``SluiceStore/record(_:)``.
public enum RunWrite: Sendable, Hashable {
    /// A step started (or restarted: an existing row is reset to `running`, keeping its attempts).
    case startStep(runID: RunID, name: String, kind: StepKind, itemCount: Int?, startedAt: Date)
    /// A step ended.
    case finishStep(runID: RunID, name: String, outcome: WorkOutcome)
    /// A fan-out item started, with the value its loop variable holds.
    case startItem(runID: RunID, step: String, index: Int, input: JSONValue?, startedAt: Date)
    /// A fan-out item ended.
    case finishItem(runID: RunID, step: String, index: Int, outcome: WorkOutcome)
    /// An attempt started.
    case startAttempt(AttemptStart)
    /// An attempt ended; its tokens and cost are added to the run's totals unless it came from the cache.
    case finishAttempt(AttemptKey, outcome: AttemptOutcome)
    /// Something worth telling about the run happened: a retry was scheduled, a chain fell back,
    /// an account was set aside.
    case addNote(RunNote)
}
