public import Foundation
import GRDB
public import SluiceCore

extension SluiceStore {
    /// Keeps `fingerprint` (a hash of the pipeline's structure) with run `id`, so a later
    /// `sluice resume` can tell whether the pipeline still has the shape the run was made with.
    public func recordPlanFingerprint(_ fingerprint: String, of id: RunID) async throws(StoreError) {
        try await write("record the plan of run \(id)") { db in
            try db.execute(
                sql: "UPDATE runs SET plan_fingerprint = ? WHERE id = ?", arguments: [fingerprint, id.rawValue])
            guard db.changesCount > 0 else { throw Self.missingRun(id) }
        }
    }

    /// The fingerprint recorded with run `id`; `nil` for a run recorded before fingerprints were kept.
    public func planFingerprint(of id: RunID) async throws(StoreError) -> String? {
        try await read("read the plan of run \(id)") { db in
            try String.fetchOne(db, sql: "SELECT plan_fingerprint FROM runs WHERE id = ?", arguments: [id.rawValue])
        }
    }

    /// Takes a finished (failed, interrupted, cancelled or budget-stopped) run up again: it is
    /// `running` once more, owned by `owner`, with no end, outputs or failure, and a `resumed`
    /// note says so. Its steps, items and attempts stay as recorded.
    ///
    /// - Throws: `store-invalid-write` when the run is still `running` (reap a dead one first
    ///   with ``reapAbandonedRuns(now:)``) or has succeeded; `run-not-found` when there is none.
    public func reopenRun(_ id: RunID, owner: RunOwner = .current, at date: Date = Date()) async throws(StoreError) {
        try await write("reopen run \(id)") { db in
            guard
                let status = try String.fetchOne(
                    db, sql: "SELECT status FROM runs WHERE id = ?", arguments: [id.rawValue]
                ).map(ExecutionStatus.init(rawValue:))
            else { throw Self.runNotFound(id.rawValue) }
            guard status != .running, status != .succeeded else {
                throw StoreError(
                    code: .storeInvalidWrite, message: "run \(id) is \(status.rawValue) and cannot be taken up again",
                    hint: "only a failed, interrupted, cancelled or budget-stopped run can be resumed")
            }
            try db.execute(
                sql: """
                    UPDATE runs SET status = ?, finished_at = NULL, outputs_json = NULL, error = NULL,
                        error_json = NULL, owner_pid = ?, owner_start_time = ?, owner_host = ?
                    WHERE id = ?
                    """,
                arguments: [
                    ExecutionStatus.running.rawValue, Int(owner.processID), owner.processStartTime, owner.host,
                    id.rawValue,
                ])
            try db.execute(
                sql: "INSERT INTO notes (run_id, kind, message, at) VALUES (?, ?, ?, ?)",
                arguments: [
                    id.rawValue, RunNote.Kind.resumed.rawValue,
                    "resumed after it ended \(status.rawValue): finished steps and items kept, the rest run again",
                    date.storedSeconds,
                ])
        }
    }
}
