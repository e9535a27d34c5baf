/// A run with everything recorded under it: steps, fan-out items and attempts.
public struct RunTranscript: Sendable, Hashable {
    /// The run.
    public var run: RunRecord
    /// Every note recorded for the run (retries, fallbacks, accounts set aside), in order.
    public var notes: [RunNote]
    /// The steps in the order they started.
    public var steps: [StepTranscript]
}

/// A step with its fan-out items and attempts.
public struct StepTranscript: Sendable, Hashable {
    /// The step.
    public var step: StepRecord
    /// The attempts made for the step itself (not for one of its items), in order.
    public var attempts: [AttemptRecord]
    /// The fan-out items in input order, each with its attempts.
    public var items: [ItemTranscript]
}

/// A fan-out item with its attempts.
public struct ItemTranscript: Sendable, Hashable {
    /// The item.
    public var item: ItemRecord
    /// The attempts made for the item, in order.
    public var attempts: [AttemptRecord]
}
