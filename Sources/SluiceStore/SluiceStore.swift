public import Foundation
import GRDB
import SluiceCore

/// The run store: an SQLite database (WAL mode) holding runs, steps, fan-out items, attempts and
/// the response cache.
///
/// Open one per process with ``init(at:busyTimeout:)``; it is safe to use from many tasks at once,
/// and several processes may open the same file. Readers never wait for writers. Writers wait up
/// to the busy timeout for each other, then fail with `store-write-failed`.
///
/// Every write is one transaction, so a process killed at any point leaves either all of a write
/// or none of it. A run whose process died stays `running` in the store; ``RunRecord/liveness``
/// tells such a run from a live one and ``reapAbandonedRuns()`` marks them `interrupted`.
///
/// Secrets never reach the database: request JSON and error text pass through a
/// ``SecretRedactor`` on the way in, whatever the caller already did.
public final class SluiceStore: Sendable {
    /// The database file.
    public let url: URL

    let database: DatabasePool
    let redactor: SecretRedactor

    /// The conventional store location in a project: `.sluice/sluice.db` under the project root.
    public static func defaultURL(projectRoot: URL) -> URL {
        projectRoot.appendingPathComponent(".sluice").appendingPathComponent("sluice.db")
    }

    /// Opens (creating if needed) the store at `url` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - url: The database file. Its directory is created with mode 0700 when missing; the
    ///     database and its `-wal` and `-shm` files get mode 0600.
    ///   - busyTimeout: How long a write waits for another process's write before failing.
    ///   - knownSecrets: Secret values (e.g. the API keys in use) to scrub from everything written,
    ///     on top of the credential headers and query parameters always removed.
    /// - Throws: ``StoreError`` with code `store-not-a-database` when the file is not an SQLite
    ///   database, `store-newer-schema` when a newer Sluice has migrated it, `store-cannot-open`
    ///   when it cannot be created or opened.
    public init(at url: URL, busyTimeout: Duration = .seconds(30), knownSecrets: [String] = []) throws(StoreError) {
        self.url = url
        self.redactor = SecretRedactor(knownSecrets: knownSecrets)
        try StoreFiles.prepare(databaseAt: url)
        let openingLock = StoreOpeningLock(databasePath: url.path)
        defer { openingLock.release() }

        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout.seconds)
        configuration.foreignKeysEnabled = true
        configuration.label = "SluiceStore"
        do {
            database = try DatabasePool(path: url.path, configuration: configuration)
        } catch {
            throw Self.openError(error, path: url.path)
        }
        try Self.migrate(database, path: url.path)
        StoreFiles.tightenPermissions(path: url.path)
    }

    private static func migrate(_ database: DatabasePool, path: String) throws(StoreError) {
        let migrator = StoreMigrations.migrator
        do {
            let superseded = try database.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw StoreError(
                    code: .storeNewerSchema,
                    message: "the store '\(path)' was written by a newer version of Sluice",
                    hint: "upgrade Sluice (this is \(SluiceVersion.current)), or point the store at another path"
                )
            }
            try migrator.migrate(database)
        } catch let error as StoreError {
            throw error
        } catch {
            // Two processes opening a new store at once both try the first migration; the one
            // that waited finds the tables already made. Migrated is all that matters.
            let completed = (try? database.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
            if !completed { throw openError(error, path: path) }
        }
    }

    private static func openError(_ error: any Error, path: String) -> StoreError {
        if let databaseError = error as? DatabaseError {
            switch databaseError.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StoreFiles.notADatabase(path: path)
            default:
                return StoreError(
                    code: .storeCannotOpen,
                    message:
                        "cannot open the store '\(path)': \(databaseError.message ?? "\(databaseError.resultCode)")",
                    hint: "check the file's permissions and that the disk is not full"
                )
            }
        }
        return StoreError(
            code: .storeCannotOpen,
            message: "cannot open the store '\(path)': \(error)",
            hint: "check the file's permissions and that the disk is not full"
        )
    }

    // MARK: - Transactions

    /// Runs `body` in one IMMEDIATE transaction, waiting for other writers up to the busy timeout.
    func write<Result: Sendable>(
        _ action: String,
        _ body: @escaping @Sendable (Database) throws -> Result
    ) async throws(StoreError) -> Result {
        do {
            return try await database.write(body)
        } catch {
            throw storeError(
                error, code: .storeWriteFailed, action: "could not \(action) in",
                hint: "another Sluice process may be holding the store; try again, or raise the busy timeout")
        }
    }

    /// Runs `body` on a read-only snapshot; never waits for writers.
    func read<Result: Sendable>(
        _ action: String,
        _ body: @escaping @Sendable (Database) throws -> Result
    ) async throws(StoreError) -> Result {
        do {
            return try await database.read(body)
        } catch {
            throw storeError(
                error, code: .storeReadFailed, action: "could not \(action) from",
                hint: "the store may be damaged; `sqlite3 \(url.path) 'PRAGMA integrity_check'` tells")
        }
    }

    /// A `StoreError` thrown inside a transaction passes through; anything else is wrapped.
    private func storeError(_ error: any Error, code: DiagnosticCode, action: String, hint: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        return StoreError(
            code: code, message: "\(action) the store '\(url.path)': \(Self.describe(error))", hint: hint)
    }

    private static func describe(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError {
            return databaseError.message ?? "\(databaseError.resultCode)"
        }
        return "\(error)"
    }
}
