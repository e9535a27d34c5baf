/// A run in progress: its ordered events and a way to interrupt it.
public final class RunExecution: Sendable {
    /// Every event of the run, in order, ending with ``RunEvent/runFinished(_:)``.
    ///
    /// Iterate it exactly once. The run waits for a consumer that falls far behind, so memory
    /// stays bounded however large the run is; a consumer that stops iterating lets the run
    /// finish without it.
    public let events: AsyncStream<RunEvent>
    private let task: Task<Void, Never>

    init(events: AsyncStream<RunEvent>, task: Task<Void, Never>) {
        self.events = events
        self.task = task
    }

    /// Interrupts the run (Ctrl-C, SIGTERM): in-flight model calls and commands are cancelled,
    /// and the run still ends with events recording it, its steps and attempts as `interrupted`.
    public func interrupt() {
        task.cancel()
    }
}
