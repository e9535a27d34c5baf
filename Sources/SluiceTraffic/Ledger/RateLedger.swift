/// Where provider accounts' rate budgets are kept, so that everything using one account, in
/// this process or in others, spends from the same budget.
///
/// The one operation is an atomic read-modify-write of one account's ``AccountBudget``: the
/// limiter reads the budget, decides whether its request may start, spends from it, and writes
/// it back, with no other user of the ledger in between. ``InMemoryRateLedger`` serves one
/// process; ``SQLiteRateLedger`` serves every process on one machine through a file under
/// `.sluice/`; a ledger in a shared database (PostgreSQL, `SELECT … FOR UPDATE`) would serve
/// workers on many hosts through the same protocol.
public protocol RateLedger: Sendable {
    /// Runs `body` on `account`'s budget (a fresh one the first time) and keeps what it leaves,
    /// atomically with respect to every other user of the ledger.
    func withBudget<Result: Sendable>(
        of account: ProviderAccount, _ body: @escaping @Sendable (inout AccountBudget) -> Result
    ) async throws -> Result
}
