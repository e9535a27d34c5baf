public import SluiceCore

/// One provider call (or command, or cache lookup standing in for a call) as the store holds it:
/// how it started and, once it has ended, how it ended.
public struct AttemptRecord: Sendable, Hashable {
    /// The attempt's row id, unique in the store.
    public var id: Int64
    /// The attempt's start: its key, provider, model, the request as sent (secrets redacted),
    /// the limiter wait and the start time.
    public var start: AttemptStart
    /// How it ended; `nil` while it is running (or its process died before it ended).
    public var outcome: AttemptOutcome?

    /// A record with both parts given.
    public init(id: Int64, start: AttemptStart, outcome: AttemptOutcome?) {
        self.id = id
        self.start = start
        self.outcome = outcome
    }

    /// The final status, or `running` while there is no outcome.
    public var status: ExecutionStatus { outcome?.status ?? .running }
}
