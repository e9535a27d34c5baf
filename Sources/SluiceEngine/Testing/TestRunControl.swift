import Synchronization

/// The runs of a `sluice test` session that are in flight, so one Ctrl-C stops all of them.
///
/// After ``interrupt()`` every run in flight is interrupted (and still recorded), and cases not
/// yet started are not run: they end as `runFailed` with an `interrupted` failure.
public final class TestRunControl: Sendable {
    /// Guards the runs in flight and whether the session was interrupted.
    private let state = Mutex<(runs: [ObjectIdentifier: PipelineRun], interrupted: Bool)>(([:], false))

    /// A control for a session not interrupted.
    public init() {}

    /// Whether ``interrupt()`` was called.
    public var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Interrupts every run in flight and keeps new cases from starting.
    public func interrupt() {
        let runs = state.withLock { state in
            state.interrupted = true
            return Array(state.runs.values)
        }
        for run in runs { run.interrupt() }
    }

    func add(_ run: PipelineRun) {
        let interrupted = state.withLock { state in
            state.runs[ObjectIdentifier(run)] = run
            return state.interrupted
        }
        if interrupted { run.interrupt() }
    }

    func remove(_ run: PipelineRun) {
        _ = state.withLock { $0.runs.removeValue(forKey: ObjectIdentifier(run)) }
    }
}
