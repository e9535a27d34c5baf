public import SluiceProviders

/// When one account's circuit breaker opens and for how long: `breaker: { failures, cool_down }`
/// of a provider in `sluice.yaml`.
public struct BreakerPolicy: Sendable, Hashable {
    /// Failures in a row (of the kinds that say the account is unwell) that open the breaker.
    public var failureThreshold: Int
    /// How long an open breaker refuses calls before letting a probe through, and how long a
    /// probe may stay unanswered before another is let through.
    public var coolDown: Duration

    /// The defaults: open after 5 failures in a row, for 30 seconds.
    public static let standard = BreakerPolicy(failureThreshold: 5, coolDown: .seconds(30))

    /// A policy with the given values (a threshold of at least 1, a cool-down of at least zero).
    public init(failureThreshold: Int, coolDown: Duration) {
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = max(.zero, coolDown)
    }

    /// The policy a provider's settings give, with the defaults where they say nothing.
    public init(_ settings: ProviderSettings) {
        self.init(
            failureThreshold: settings.breakerFailures ?? Self.standard.failureThreshold,
            coolDown: settings.breakerCoolDown ?? Self.standard.coolDown)
    }
}
