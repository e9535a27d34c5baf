import Foundation
public import SluiceCore
public import SluiceStore

/// Writes a run's events to the store, in batches.
///
/// Feed it every event of a run in order (``record(_:moreEventsWaiting:)``). Changes are collected
/// and written as one transaction (``SluiceStore/record(_:)``) when `maximumBatch` have gathered,
/// when the oldest waiting change is older than `maximumDelay` as the next event arrives, at a
/// step's start and end once the recorder has caught up with the run, and always at the run's
/// end, so a reader (`sluice show` during a run) never lags far behind.
/// ``RunEvent/runFinished(_:)`` also finishes the run record.
///
/// "Caught up" is group commit: while more of the run's events are already waiting, a step
/// boundary's write joins the next batch instead of paying for a transaction of its own, so a
/// run whose steps finish faster than transactions commit (a long chain on a fast provider)
/// writes a handful of steps per transaction rather than two transactions per step. When the
/// run waits (a model call in flight), nothing is waiting and the boundary is written at once.
///
/// A store error does not stop the run: the first one is kept in ``failure`` for the caller to
/// report, and later writes are still attempted.
public actor RunRecorder {
    private let store: SluiceStore
    private let runID: RunID
    private let maximumBatch: Int
    private let maximumDelay: Duration
    private var pending: [RunWrite] = []
    private var oldestPending: Duration?
    private var startedSteps: Set<String> = []
    private let stepKinds: [String: StepKind]
    private let clock: any TimeSource

    /// The first store error met, if any.
    public private(set) var failure: StoreError?
    /// How many transactions have been written: for tests and measurements.
    public private(set) var transactionCount = 0

    /// A recorder for run `runID` (already created with ``SluiceStore/createRun(pipeline:inputs:startedAt:owner:sluiceVersion:)``).
    ///
    /// `stepKinds` (step name → `model`, `template`, `run`) names the kind of steps that never
    /// start because a dependency failed; their rows are written all the same (as kind `step`
    /// for a name missing from it). `clock` times the
    /// batches and stamps the run's notes (retries, fallbacks, accounts set aside).
    public init(
        store: SluiceStore, runID: RunID, stepKinds: [String: StepKind] = [:], maximumBatch: Int = 256,
        maximumDelay: Duration = .milliseconds(100), clock: any TimeSource = SystemTimeSource()
    ) {
        self.clock = clock
        self.store = store
        self.stepKinds = stepKinds
        self.runID = runID
        self.maximumBatch = maximumBatch
        self.maximumDelay = maximumDelay
    }

    /// A step boundary was recorded and not yet written because more events were waiting.
    private var boundaryPending = false

    /// Records one event; writes when a batch is due.
    ///
    /// `moreEventsWaiting` says whether the run has already produced further events that the
    /// caller will record next (``RunExecution/hasWaitingEvents``); a step boundary then waits
    /// for them rather than forcing a transaction of its own.
    public func record(_ event: RunEvent, moreEventsWaiting: Bool = false) async {
        var flushNow = false
        switch event {
        case .runStarted, .textDelta, .usage:
            break
        case .stepStarted(let step, let kind, let itemCount, let at):
            startedSteps.insert(step)
            append(.startStep(runID: runID, name: step, kind: kind, itemCount: itemCount, startedAt: at))
            flushNow = true
        case .itemStarted(let step, let index, let input, let at):
            append(.startItem(runID: runID, step: step, index: index, input: input, startedAt: at))
        case .attemptStarted(let start):
            append(.startAttempt(start))
        case .attemptFinished(let key, let outcome):
            append(.finishAttempt(key, outcome: outcome))
        case .retryScheduled(let key, let delay, let reason):
            append(
                .addNote(
                    note(
                        after: key, kind: .retryScheduled,
                        message: "retrying in \(delay.readable) after [\(reason.code)]",
                        delay: delay)))
        case .fellBack(let key, let next, let reason):
            append(
                .addNote(
                    note(
                        after: key, kind: .fellBack, message: "moved on to \(next): \(reason.message) [\(reason.code)]")
                ))
        case .streamRestarted(let key, let model, let failure):
            append(
                .addNote(
                    note(
                        after: key, kind: .streamRestarted,
                        message: "restarted the shown answer on \(model) after it broke off: \(failure.message) "
                            + "[\(failure.code)]")))
        case .breakerChanged(let key, _, let change):
            append(.addNote(note(after: key, kind: .circuitBreaker, message: change)))
        case .callSkipped(let skipped):
            append(
                .addNote(
                    RunNote(
                        runID: runID, step: skipped.step, itemIndex: skipped.itemIndex,
                        attemptNumber: skipped.afterAttempt, kind: .callSkipped, message: skipped.message,
                        at: clock.date)))
        case .accountDisabled(let key, _, let reason):
            append(.addNote(note(after: key, kind: .accountDisabled, message: reason.rendered(as: .warning))))
            flushNow = true
        case .itemFinished(let step, let index, let outcome):
            append(.finishItem(runID: runID, step: step, index: index, outcome: outcome))
        case .stepFinished(let step, let outcome), .stepFailed(let step, let outcome),
            .stepSkipped(let step, let outcome):
            if startedSteps.insert(step).inserted {
                // A step that never started (its dependency failed): give it a row all the same.
                append(
                    .startStep(
                        runID: runID, name: step, kind: stepKinds[step] ?? StepKind(rawValue: "step"), itemCount: nil,
                        startedAt: outcome.finishedAt))
            }
            append(.finishStep(runID: runID, name: step, outcome: outcome))
            flushNow = true
        case .runFinished(let result):
            await flush()
            do {
                try await store.finishRun(
                    result.runID, status: result.status, outputs: result.outputs.map(JSONValue.object),
                    failure: result.failure, finishedAt: result.finishedAt)
                transactionCount += 1
            } catch {
                if failure == nil { failure = error }
            }
            return
        }
        boundaryPending = boundaryPending || flushNow
        if (boundaryPending && !moreEventsWaiting) || pending.count >= maximumBatch
            || (oldestPending.map { clock.now - $0 >= maximumDelay } ?? false)
        {
            await flush()
        }
    }

    /// Writes whatever is waiting, as one transaction.
    public func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        oldestPending = nil
        boundaryPending = false
        do {
            try await store.record(batch)
            transactionCount += 1
        } catch {
            if failure == nil { failure = error }
        }
    }

    private func note(after key: AttemptKey, kind: RunNote.Kind, message: String, delay: Duration? = nil) -> RunNote {
        // A key numbered 0 stands for "before the first attempt" (an account set aside for a missing key).
        RunNote(
            runID: runID, step: key.step, itemIndex: key.itemIndex, attemptNumber: key.number > 0 ? key.number : nil,
            kind: kind,
            message: message, delay: delay, at: clock.date)
    }

    private func append(_ write: RunWrite) {
        if pending.isEmpty { oldestPending = clock.now }
        pending.append(write)
    }
}
