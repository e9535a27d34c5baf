/// A run in progress: its ordered events and a way to interrupt it.
public final class RunExecution: Sendable {
    /// Every event of the run, in order, ending with ``RunEvent/runFinished(_:)``.
    ///
    /// Iterate it exactly once. The run waits for a consumer that falls far behind, so memory
    /// stays bounded however large the run is; a consumer that stops iterating lets the run
    /// finish without it.
    public let events: AsyncStream<RunEvent>
    private let task: Task<Void, Never>
    private let channel: RunEventChannel

    init(channel: RunEventChannel, task: Task<Void, Never>) {
        self.events = channel.stream
        self.channel = channel
        self.task = task
    }

    /// Whether the run has produced events that ``events`` has not yet delivered: a consumer
    /// that batches (``RunRecorder``) can wait for them instead of writing now.
    public var hasWaitingEvents: Bool { channel.hasWaitingEvents }

    /// Interrupts the run (Ctrl-C, SIGTERM): in-flight model calls and commands are cancelled,
    /// and the run still ends with events recording it, its steps and attempts as `interrupted`.
    public func interrupt() {
        task.cancel()
    }
}
