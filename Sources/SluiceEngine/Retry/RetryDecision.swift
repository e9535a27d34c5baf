/// What ``RetryPolicy`` answers after a failed attempt.
public enum RetryDecision: Sendable, Hashable {
    /// Ask the same model again after waiting `after`.
    case retry(after: Duration)
    /// Give up on this model and move on to the chain's next one.
    case fallBack(reason: String)
    /// Fail the step now: no model in the chain can help, or none is left.
    case fail(reason: String)
}
