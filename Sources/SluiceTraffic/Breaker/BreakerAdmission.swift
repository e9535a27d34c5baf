public import Foundation

/// What an account's breaker says about one call.
public enum BreakerAdmission: Sendable, Hashable {
    /// The breaker is closed: call.
    case allowed
    /// The cool-down is over and this call is the trial: call, and report how it went.
    /// `transition` is the move to half-open this call made, for the transcript.
    case probe(BreakerTransition)
    /// The breaker refuses calls: go to the fallback without calling. `until` is when it lets a
    /// probe through (`nil` while a probe is in flight, or for an account disabled for the run);
    /// `reason` says why, for people (`circuit open until 2026-11-30T17:52:03Z`).
    case rejected(until: Date?, reason: String)
}
