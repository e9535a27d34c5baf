/// Where one account's circuit breaker stands.
public enum BreakerState: Sendable, Hashable, CustomStringConvertible {
    /// Calls go through; `failures` in a row so far.
    case closed(failures: Int)
    /// Calls are refused until the cool-down ends (monotonic time on the breaker's clock).
    case open(until: Duration)
    /// The cool-down ended and one trial call (the probe) is in flight; others are refused.
    case halfOpen(probeStarted: Duration)
    /// The account cannot be used for the rest of the run (a rejected key, a missing endpoint).
    case disabled(reason: String)

    /// `closed`, `open`, `half-open` or `disabled`.
    public var name: String {
        switch self {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half-open"
        case .disabled: "disabled"
        }
    }

    /// The ``name``.
    public var description: String { name }
}
