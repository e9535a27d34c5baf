public import Foundation
import GRDB
import SluiceCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Account budgets kept in a small SQLite file (`.sluice/traffic.db`), shared by every Sluice
/// process on the machine that opens the same file: two `sluice run`s using one key stay under
/// its limits together.
///
/// Each budget is one row (the account id and its ``AccountBudget`` as JSON), read, changed and
/// written back in one `IMMEDIATE` transaction, so two processes never spend from the same
/// version of a budget. The file is separate from the run store so that an admission never
/// waits behind a batch of transcript writes. Times in the budget are wall-clock seconds, the
/// one clock every process shares.
public final class SQLiteRateLedger: RateLedger {
    private let database: DatabaseQueue

    /// Opens (creating if needed) the ledger at `url`; the file is created with mode 0600.
    ///
    /// Throws a ``TrafficError`` with code `ledger-cannot-open` when the file cannot be opened.
    public init(at url: URL, busyTimeout: Duration = .seconds(10)) throws(TrafficError) {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Created with O_EXCL, never replaced: two processes starting together both find no
            // file, and `FileManager.createFile` (a write to a temporary file renamed over the
            // path) would swap the file under the one that opened it first, which SQLite then
            // reports as a disk I/O error. Made 0600 first so the -wal and -shm files are too.
            let descriptor = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout.seconds)
            configuration.prepareDatabase { database in
                try database.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            database = try DatabaseQueue(path: url.path, configuration: configuration)
            try database.writeWithoutTransaction { database in
                try database.execute(sql: "PRAGMA journal_mode = WAL")
                try database.execute(
                    sql: "CREATE TABLE IF NOT EXISTS account_budget (account TEXT PRIMARY KEY, budget TEXT NOT NULL)")
            }
        } catch {
            throw TrafficError(
                code: .ledgerCannotOpen, message: "cannot open the rate-limit ledger '\(url.path)': \(error)",
                hint: "check the permissions of the .sluice folder and that the disk is not full")
        }
    }

    /// Runs `body` on the account's budget inside one `IMMEDIATE` transaction.
    ///
    /// Throws a ``TrafficError`` with code `ledger-write-failed` when another process holds the
    /// file for longer than the busy timeout, or the file cannot be written.
    public func withBudget<Result: Sendable>(
        of account: ProviderAccount, _ body: @escaping @Sendable (inout AccountBudget) -> Result
    ) async throws -> Result {
        do {
            return try await database.writeWithoutTransaction { database in
                try database.beginTransaction(.immediate)
                do {
                    let stored = try String.fetchOne(
                        database, sql: "SELECT budget FROM account_budget WHERE account = ?", arguments: [account.id])
                    var budget =
                        stored.flatMap { try? JSONDecoder().decode(AccountBudget.self, from: Data($0.utf8)) }
                        ?? AccountBudget()
                    let result = body(&budget)
                    let encoded = String(decoding: try JSONEncoder().encode(budget), as: UTF8.self)
                    try database.execute(
                        sql: "INSERT OR REPLACE INTO account_budget (account, budget) VALUES (?, ?)",
                        arguments: [account.id, encoded])
                    try database.commit()
                    return result
                } catch {
                    try? database.rollback()
                    throw error
                }
            }
        } catch {
            throw TrafficError(
                code: .ledgerWriteFailed,
                message: "could not update the rate-limit ledger for '\(account.id)': \(error)",
                hint: "another Sluice process may be holding .sluice/traffic.db; try again")
        }
    }
}
