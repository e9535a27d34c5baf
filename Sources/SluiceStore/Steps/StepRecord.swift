public import Foundation
public import SluiceCore

/// One step of a run as the store holds it.
public struct StepRecord: Sendable, Hashable {
    /// The run the step belongs to.
    public var runID: RunID
    /// The step's name in the pipeline.
    public var name: String
    /// What kind of step it is (`model`, `template`, `run`…), as the executor names it.
    public var kind: StepKind
    /// The step's status.
    public var status: ExecutionStatus
    /// When the step started.
    public var startedAt: Date
    /// When the step finished, once it has.
    public var finishedAt: Date?
    /// The step's output: text as a JSON string, structured output as JSON, `null` when skipped.
    public var output: JSONValue?
    /// Why the step failed or stopped, when it did.
    public var failure: RunFailure?
    /// Whether the output came from the cache rather than a provider call.
    public var cacheHit: Bool
    /// The number of fan-out items, for a `for_each` step; `nil` for a single call.
    public var itemCount: Int?
}

/// One fan-out item of a `for_each` step as the store holds it.
public struct ItemRecord: Sendable, Hashable {
    /// The run the item belongs to.
    public var runID: RunID
    /// The step the item belongs to.
    public var step: String
    /// The item's position in the fan-out's input, from 0.
    public var index: Int
    /// The value the step's loop variable held for this item.
    public var input: JSONValue?
    /// The item's status.
    public var status: ExecutionStatus
    /// When the item started.
    public var startedAt: Date
    /// When the item finished, once it has.
    public var finishedAt: Date?
    /// The item's output.
    public var output: JSONValue?
    /// Why the item failed or stopped, when it did.
    public var failure: RunFailure?
    /// Whether the output came from the cache rather than a provider call.
    public var cacheHit: Bool
}
