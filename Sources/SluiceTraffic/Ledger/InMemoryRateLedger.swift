import Synchronization

/// Account budgets kept in this process's memory: shared by every step and fan-out item of the
/// runs in the process, and by nothing outside it.
public final class InMemoryRateLedger: RateLedger {
    /// Every account's budget, by account id.
    private let budgets = Mutex<[String: AccountBudget]>([:])

    /// An empty ledger.
    public init() {}

    /// Runs `body` on the account's budget under the ledger's lock.
    public func withBudget<Result: Sendable>(
        of account: ProviderAccount, _ body: @escaping @Sendable (inout AccountBudget) -> Result
    ) async throws -> Result {
        budgets.withLock { budgets in
            var budget = budgets[account.id] ?? AccountBudget()
            let result = body(&budget)
            budgets[account.id] = budget
            return result
        }
    }
}
