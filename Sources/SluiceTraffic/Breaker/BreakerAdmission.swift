/// What an account's breaker says about one call.
public enum BreakerAdmission: Sendable, Hashable {
    /// The breaker is closed: call.
    case allowed
    /// The cool-down is over and this call is the trial: call, and report how it went.
    case probe
    /// The breaker is open (or a probe is in flight): go to the fallback without calling.
    case rejected(retryIn: Duration?, reason: String)
}
