public import Foundation

/// One change of an account's breaker, for the run's transcript.
public struct BreakerTransition: Sendable, Hashable, CustomStringConvertible {
    /// The account whose breaker changed.
    public var account: ProviderAccount
    /// The state it left.
    public var from: BreakerState
    /// The state it entered.
    public var to: BreakerState
    /// Why: the failure that opened it, or what closed it.
    public var reason: String
    /// When, on the wall clock.
    public var date: Date

    /// A transition with the given fields.
    public init(account: ProviderAccount, from: BreakerState, to: BreakerState, reason: String, date: Date) {
        self.account = account
        self.from = from
        self.to = to
        self.reason = reason
        self.date = date
    }

    /// `breaker openai#… closed → open: 5 failures in a row (server-error)`.
    public var description: String { "breaker \(account.id) \(from.name) → \(to.name): \(reason)" }
}
