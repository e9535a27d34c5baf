/// What a ``CircuitBreaker`` says about one call.
public enum BreakerVerdict: Sendable, Hashable {
    /// Make the call. `change` is the breaker's change of state that asking caused (`breaker
    /// openai#… open → half-open: …; this call is the probe`), for the transcript, if any.
    case call(change: String?)
    /// Do not call: move to the chain's next model. `reason` says why, for the step's note
    /// (`circuit open until 2026-11-30T17:52:03Z`).
    case skip(reason: String)
}
