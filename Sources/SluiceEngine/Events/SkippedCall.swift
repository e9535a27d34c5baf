/// A model of a step's chain that was not called, because its account's circuit breaker refused
/// the call or its provider has no API key: no request was sent, so there is no attempt, only
/// this note; the chain moved on.
public struct SkippedCall: Sendable, Hashable {
    /// The step.
    public var step: String
    /// The fan-out item, for a `for_each` step.
    public var itemIndex: Int?
    /// The number of the step's (or item's) last attempt before the skip; `nil` when none was made.
    public var afterAttempt: Int?
    /// The model not called, `provider/model`.
    public var model: String
    /// The chain's next model, `provider/model`; `nil` when none is left.
    public var next: String?
    /// Why: the breaker's `circuit open until 2026-11-30T17:52:03Z`, or the provider's
    /// `no API key for provider 'openai': OPENAI_API_KEY is not set; …`.
    public var reason: String

    /// A skipped call with the given fields.
    public init(step: String, itemIndex: Int?, afterAttempt: Int?, model: String, next: String?, reason: String) {
        self.step = step
        self.itemIndex = itemIndex
        self.afterAttempt = afterAttempt
        self.model = model
        self.next = next
        self.reason = reason
    }

    /// `skipped openai/gpt-4.1: circuit open until …; moved on to anthropic/claude-haiku-4-5`.
    public var message: String {
        "skipped \(model): \(reason); " + (next.map { "moved on to \($0)" } ?? "no model left in the chain")
    }
}
