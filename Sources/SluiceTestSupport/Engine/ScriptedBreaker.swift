public import SluiceEngine
public import SluiceProviders
import Synchronization

/// A circuit breaker that is open for the accounts a test names and records every result.
public final class ScriptedBreaker: CircuitBreaker {
    private let open: Set<String>
    /// Results recorded, in order: account and error code (`nil` for a success).
    private let results = Mutex<[(String, ProviderError.Code?)]>([])

    /// A breaker open for `open` and closed for every other account.
    public init(open: Set<String> = []) {
        self.open = open
    }

    /// The accounts whose calls were recorded, in order.
    public var recordedAccounts: [String] { results.withLock { $0.map(\.0) } }

    /// Skips calls on an open account.
    public func admit(account: String) -> BreakerVerdict {
        open.contains(account) ? .skip(reason: "circuit open (scripted)") : .call(change: nil)
    }

    /// Records the result.
    public func record(account: String, error: ProviderError?) -> String? {
        results.withLock { $0.append((account, error?.code)) }
        return nil
    }
}
