public import Foundation

/// The start of an attempt, as the executor reports it.
public struct AttemptStart: Sendable, Hashable {
    /// The run the attempt belongs to.
    public var runID: RunID
    /// The step the attempt belongs to.
    public var step: String
    /// The fan-out item, for a `for_each` step.
    public var itemIndex: Int?
    /// The attempt's number within its step or item, from 1.
    public var number: Int
    /// The provider called.
    public var provider: String
    /// The model asked for.
    public var model: String
    /// The request; the store redacts secrets again before writing it.
    public var request: JSONValue
    /// How long the attempt waited for rate-limit capacity.
    public var limiterWait: Duration?
    /// Whether the embedded simulator answers: text no model wrote, labelled so nobody takes it
    /// for a model's answer.
    public var synthetic: Bool
    /// Which repair turn this attempt is, from 1: the previous answer and its validation errors
    /// were sent back to the model. `nil` for an attempt that asked the step's own question.
    public var repair: Int?
    /// When the attempt started.
    public var startedAt: Date

    /// A start with the given fields; `startedAt` defaults to now.
    public init(
        runID: RunID,
        step: String,
        itemIndex: Int? = nil,
        number: Int,
        provider: String,
        model: String,
        request: JSONValue,
        limiterWait: Duration? = nil,
        synthetic: Bool = false,
        repair: Int? = nil,
        startedAt: Date = Date()
    ) {
        self.runID = runID
        self.step = step
        self.itemIndex = itemIndex
        self.number = number
        self.provider = provider
        self.model = model
        self.request = request
        self.limiterWait = limiterWait
        self.synthetic = synthetic
        self.repair = repair
        self.startedAt = startedAt
    }

    /// The key that identifies the attempt when it ends.
    public var key: AttemptKey {
        AttemptKey(runID: runID, step: step, itemIndex: itemIndex, number: number)
    }
}
