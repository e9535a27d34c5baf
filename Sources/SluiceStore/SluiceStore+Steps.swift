public import Foundation
import GRDB
public import SluiceCore

extension SluiceStore {
    /// Records that a step started. Starting a step that already has a row (a resumed or re-run
    /// step) resets it to `running`, keeping its earlier items and attempts.
    ///
    /// - Parameters:
    ///   - kind: The step's kind as the executor names it (`model`, `template`, `run`…).
    ///   - itemCount: The number of fan-out items, for a `for_each` step.
    /// - Throws: `store-missing-record` when the run does not exist.
    public func startStep(
        runID: RunID,
        name: String,
        kind: String,
        itemCount: Int? = nil,
        startedAt: Date = Date()
    ) async throws(StoreError) {
        try await write("record the start of step '\(name)'") { db in
            try Self.requireRun(db, runID)
            try db.execute(
                sql: """
                    INSERT INTO steps (run_id, name, kind, status, started_at, item_count)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, name) DO UPDATE SET
                        kind = excluded.kind, status = excluded.status, started_at = excluded.started_at,
                        item_count = excluded.item_count, finished_at = NULL, output_json = NULL,
                        error = NULL, cache_hit = 0
                    """,
                arguments: [
                    runID.rawValue, name, kind, ExecutionStatus.running.rawValue, startedAt.storedSeconds, itemCount,
                ]
            )
        }
    }

    /// Records how a step ended.
    ///
    /// - Throws: `store-missing-record` when the step was never started; `store-invalid-write`
    ///   when the outcome's status is `running`.
    public func finishStep(runID: RunID, name: String, outcome: WorkOutcome) async throws(StoreError) {
        try Self.requireFinal(outcome.status)
        let outcome = redacted(outcome)
        try await write("record the end of step '\(name)'") { db in
            try db.execute(
                sql: """
                    UPDATE steps SET status = ?, finished_at = ?, output_json = ?, error = ?, cache_hit = ?
                    WHERE run_id = ? AND name = ?
                    """,
                arguments: [
                    outcome.status.rawValue, outcome.finishedAt.storedSeconds, outcome.output?.storedText,
                    outcome.error, outcome.cacheHit, runID.rawValue, name,
                ]
            )
            guard db.changesCount > 0 else { throw Self.missingStep(runID, name) }
        }
    }

    /// Records that a fan-out item started, with the value its loop variable holds.
    ///
    /// - Throws: `store-missing-record` when the step was never started.
    public func startItem(
        runID: RunID,
        step: String,
        index: Int,
        input: JSONValue? = nil,
        startedAt: Date = Date()
    ) async throws(StoreError) {
        let input = input.map(redactor.redact)
        try await write("record the start of item \(index) of step '\(step)'") { db in
            try Self.requireStep(db, runID, step)
            try db.execute(
                sql: """
                    INSERT INTO items (run_id, step_name, item_index, input_json, status, started_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, step_name, item_index) DO UPDATE SET
                        input_json = excluded.input_json, status = excluded.status,
                        started_at = excluded.started_at, finished_at = NULL, output_json = NULL,
                        error = NULL, cache_hit = 0
                    """,
                arguments: [
                    runID.rawValue, step, index, input?.storedText, ExecutionStatus.running.rawValue,
                    startedAt.storedSeconds,
                ]
            )
        }
    }

    /// Records how a fan-out item ended.
    ///
    /// - Throws: `store-missing-record` when the item was never started; `store-invalid-write`
    ///   when the outcome's status is `running`.
    public func finishItem(runID: RunID, step: String, index: Int, outcome: WorkOutcome) async throws(StoreError) {
        try Self.requireFinal(outcome.status)
        let outcome = redacted(outcome)
        try await write("record the end of item \(index) of step '\(step)'") { db in
            try db.execute(
                sql: """
                    UPDATE items SET status = ?, finished_at = ?, output_json = ?, error = ?, cache_hit = ?
                    WHERE run_id = ? AND step_name = ? AND item_index = ?
                    """,
                arguments: [
                    outcome.status.rawValue, outcome.finishedAt.storedSeconds, outcome.output?.storedText,
                    outcome.error, outcome.cacheHit, runID.rawValue, step, index,
                ]
            )
            guard db.changesCount > 0 else {
                throw StoreError(
                    code: "store-missing-record",
                    message: "there is no item \(index) of step '\(step)' in run \(runID)",
                    hint: "record the item's start with startItem before its end")
            }
        }
    }

    // MARK: - Shared pieces

    private func redacted(_ outcome: WorkOutcome) -> WorkOutcome {
        var copy = outcome
        copy.output = outcome.output.map(redactor.redact)
        copy.error = outcome.error.map { redactor.redact(text: $0) }
        return copy
    }

    static func requireRun(_ db: Database, _ runID: RunID) throws {
        let exists =
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [runID.rawValue])
            ?? false
        guard exists else { throw missingRun(runID) }
    }

    static func requireStep(_ db: Database, _ runID: RunID, _ step: String) throws {
        let exists =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM steps WHERE run_id = ? AND name = ?)",
                arguments: [runID.rawValue, step]) ?? false
        guard exists else { throw missingStep(runID, step) }
    }

    static func missingStep(_ runID: RunID, _ step: String) -> StoreError {
        StoreError(
            code: "store-missing-record", message: "there is no step '\(step)' in run \(runID)",
            hint: "record the step's start with startStep first")
    }

    static func stepRecord(_ row: Row, runID: RunID) throws(StoreError) -> StepRecord {
        StepRecord(
            runID: runID,
            name: row["name"] ?? "",
            kind: row["kind"] ?? "",
            status: row.status(),
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
            finishedAt: row.date("finished_at"),
            output: try row.json("output_json"),
            error: row["error"],
            cacheHit: row["cache_hit"] ?? false,
            itemCount: row["item_count"]
        )
    }

    static func itemRecord(_ row: Row, runID: RunID) throws(StoreError) -> ItemRecord {
        ItemRecord(
            runID: runID,
            step: row["step_name"] ?? "",
            index: row["item_index"] ?? 0,
            input: try row.json("input_json"),
            status: row.status(),
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
            finishedAt: row.date("finished_at"),
            output: try row.json("output_json"),
            error: row["error"],
            cacheHit: row["cache_hit"] ?? false
        )
    }
}
