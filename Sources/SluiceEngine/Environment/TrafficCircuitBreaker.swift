import SluiceCore
public import SluiceProviders
public import SluiceTraffic

/// The engine's ``CircuitBreaker`` on the traffic layer's ``AccountBreakers``: one breaker per
/// provider account, opened by failures in a row, probed after its cool-down, and disabled for
/// the rest of the run by a rejected key or a missing endpoint.
public struct TrafficCircuitBreaker: CircuitBreaker {
    /// The breakers, one per account.
    public let breakers: AccountBreakers
    private let accounts: [String: ProviderAccount]

    /// A breaker over `breakers`, with `accounts` by provider name.
    public init(breakers: AccountBreakers, accounts: [String: ProviderAccount]) {
        self.breakers = breakers
        self.accounts = accounts
    }

    private func account(named name: String) -> ProviderAccount {
        accounts[name] ?? ProviderAccount(provider: name, key: nil)
    }

    /// The account's breaker's answer; the move to half-open, when this call is the probe.
    public func admit(account: String) -> BreakerVerdict {
        switch breakers.admit(self.account(named: account)) {
        case .allowed: .call(change: nil)
        case .probe(let transition): .call(change: transition.description)
        case .rejected(_, let reason): .skip(reason: reason)
        }
    }

    /// Counts the call's result; a rejected key or a missing endpoint disables the account.
    /// Returns the transition it caused, for the transcript.
    public func record(account: String, error: ProviderError?) -> String? {
        let providerAccount = self.account(named: account)
        guard let error else {
            return breakers.recordSuccess(providerAccount)?.description
        }
        if error.code == .authentication || error.code == .endpointNotFound {
            return breakers.disable(providerAccount, because: error)?.description
        }
        return breakers.recordFailure(providerAccount, error: error)?.description
    }
}
