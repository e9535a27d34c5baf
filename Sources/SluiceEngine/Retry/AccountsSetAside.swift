import SluiceCore
import Synchronization

/// The provider accounts a run has stopped trying, each with the failure that explains why (a
/// rejected key, a wrong address): shared by every step, so one broken key is reported once and
/// not tried again for the rest of the run.
final class AccountsSetAside: Sendable {
    /// The accounts set aside, in the order they were, with their reasons.
    private let state = Mutex<[(account: String, reason: RunFailure)]>([])

    /// Sets `account` aside for `reason`; `false` when it already was.
    func setAside(_ account: String, reason: RunFailure) -> Bool {
        state.withLock { accounts in
            guard !accounts.contains(where: { $0.account == account }) else { return false }
            accounts.append((account, reason))
            return true
        }
    }

    /// Why `account` was set aside, or `nil` when it is in use.
    func reason(for account: String) -> RunFailure? {
        state.withLock { accounts in accounts.first { $0.account == account }?.reason }
    }

    /// Every reason, in the order the accounts were set aside: the run's warnings.
    var reasons: [RunFailure] {
        state.withLock { accounts in accounts.map(\.reason) }
    }
}
