public import Foundation
import GRDB
public import SluiceCore

extension SluiceStore {
    // MARK: - Writing runs

    /// Records the start of a run and returns it with its new id.
    ///
    /// - Parameters:
    ///   - pipeline: The pipeline's name.
    ///   - inputs: The run's input values (secrets in them are redacted like everything else).
    ///   - startedAt: The start time; also fixes the time part of the id.
    ///   - owner: The process doing the run; recorded so readers can spot a dead run.
    public func createRun(
        pipeline: String,
        inputs: JSONValue,
        startedAt: Date = Date(),
        owner: RunOwner = .current,
        sluiceVersion: String = SluiceVersion.current
    ) async throws(StoreError) -> RunRecord {
        let inputs = redactor.redact(inputs)
        let firstID = RunID.generate(at: startedAt)
        let id = try await write("create a run") { db -> RunID in
            var candidate = firstID
            // Another process may have taken the same id in the same second; 15 random bits make
            // a second collision vanishingly unlikely.
            for _ in 0..<8 {
                let taken =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [candidate.rawValue])
                    ?? false
                if !taken { break }
                candidate = candidate.withNewRandomSuffix()
            }
            try db.execute(
                sql: """
                    INSERT INTO runs
                        (id, pipeline, inputs_json, status, started_at, sluice_version, owner_pid,
                         owner_start_time, owner_host)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    candidate.rawValue, pipeline, inputs.storedText, ExecutionStatus.running.rawValue,
                    startedAt.storedSeconds, sluiceVersion, Int(owner.processID), owner.processStartTime,
                    owner.host,
                ]
            )
            return candidate
        }
        return RunRecord(
            id: id, pipeline: pipeline, inputs: inputs, status: .running, startedAt: startedAt, finishedAt: nil,
            inputTokens: 0, outputTokens: 0, costUSD: 0, sluiceVersion: sluiceVersion, outputs: nil, failure: nil,
            owner: owner
        )
    }

    /// Records the end of a run.
    ///
    /// Steps, items and attempts of the run still marked `running` are marked `interrupted` in the
    /// same transaction, so a finished run never has unfinished children.
    ///
    /// - Throws: `store-missing-record` when there is no such run; `store-invalid-write` when
    ///   `status` is `running`.
    public func finishRun(
        _ id: RunID,
        status: ExecutionStatus,
        outputs: JSONValue? = nil,
        failure: RunFailure? = nil,
        finishedAt: Date = Date()
    ) async throws(StoreError) {
        try Self.requireFinal(status)
        let outputs = outputs.map(redactor.redact)
        let failure = failure.map(redact)
        try await write("finish run \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE runs SET status = ?, finished_at = ?, outputs_json = ?, error = ?, error_json = ?
                    WHERE id = ?
                    """,
                arguments: [
                    status.rawValue, finishedAt.storedSeconds, outputs?.storedText, failure?.message,
                    failure?.jsonValue.storedText, id.rawValue,
                ]
            )
            guard db.changesCount > 0 else { throw Self.missingRun(id) }
            try Self.interruptUnfinishedChildren(db, runID: id, at: finishedAt)
        }
    }

    /// Marks `running` runs whose process has died on this host as `interrupted`, with their
    /// unfinished steps, items and attempts, and returns their ids.
    ///
    /// Call it before listing or resuming if dead runs should read as finished. Runs started on
    /// another host are left alone: their process cannot be checked from here.
    @discardableResult
    public func reapAbandonedRuns(now: Date = Date()) async throws(StoreError) -> [RunID] {
        let running = try await runs(status: .running, limit: nil)
        let dead = running.filter { $0.liveness == .dead }
        guard !dead.isEmpty else { return [] }
        try await write("mark abandoned runs as interrupted") { db in
            for run in dead {
                let failure = RunFailure(
                    .runAbandoned,
                    "the process that ran it (pid \(run.owner.processID) on \(run.owner.host)) ended without finishing it"
                )
                try db.execute(
                    sql: """
                        UPDATE runs SET status = ?, finished_at = ?, error = ?, error_json = ?
                        WHERE id = ? AND status = ?
                        """,
                    arguments: [
                        ExecutionStatus.interrupted.rawValue, now.storedSeconds, failure.message,
                        failure.jsonValue.storedText, run.id.rawValue, ExecutionStatus.running.rawValue,
                    ]
                )
                try Self.interruptUnfinishedChildren(db, runID: run.id, at: now)
            }
        }
        return dead.map(\.id)
    }

    // MARK: - Reading runs

    /// The run with the given id.
    ///
    /// - Throws: `run-not-found` when there is none.
    public func run(_ id: RunID) async throws(StoreError) -> RunRecord {
        let found = try await read("read run \(id)") { db -> RunRecord? in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue]).map(Self.runRecord)
        }
        guard let found else { throw Self.runNotFound(id.rawValue) }
        return found
    }

    /// Runs, newest first.
    ///
    /// - Parameters:
    ///   - pipeline: Only runs of this pipeline, when given.
    ///   - status: Only runs with this stored status, when given.
    ///   - testRuns: Whether runs started by `sluice test` are listed, left out, or listed alone.
    ///   - limit: At most this many, when given.
    public func runs(
        pipeline: String? = nil,
        status: ExecutionStatus? = nil,
        testRuns: TestRunSelection = .included,
        limit: Int? = nil
    ) async throws(StoreError) -> [RunRecord] {
        try await read("list runs") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            let isTestRun =
                "EXISTS (SELECT 1 FROM notes WHERE notes.run_id = runs.id AND notes.kind = '\(RunNote.Kind.testCase.rawValue)')"
            switch testRuns {
            case .included: break
            case .excluded: conditions.append("NOT " + isTestRun)
            case .only: conditions.append(isTestRun)
            }
            if let pipeline {
                conditions.append("pipeline = ?")
                arguments += [pipeline]
            }
            if let status {
                conditions.append("status = ?")
                arguments += [status.rawValue]
            }
            var sql = "SELECT * FROM runs"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY started_at DESC, id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [max(0, limit)]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.runRecord)
        }
    }

    /// The `test-case` note of each of `runs` that `sluice test` started (what case of which
    /// pipeline file it ran); runs without one are left out.
    public func testCaseNotes(of runs: [RunID]) async throws(StoreError) -> [RunID: String] {
        guard !runs.isEmpty else { return [:] }
        return try await read("read test-case notes") { db in
            let placeholders = Array(repeating: "?", count: runs.count).joined(separator: ", ")
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT run_id, message FROM notes WHERE kind = ? AND run_id IN (\(placeholders)) ORDER BY id",
                arguments: StatementArguments([RunNote.Kind.testCase.rawValue] + runs.map(\.rawValue)))
            var messages: [String: String] = [:]
            for row in rows {
                let id: String = row["run_id"]
                if messages[id] == nil { messages[id] = row["message"] }
            }
            var notes: [RunID: String] = [:]
            for id in runs { notes[id] = messages[id.rawValue] }
            return notes
        }
    }

    /// The run whose id starts with `text` (case-insensitive; `i`/`l` read as `1`, `o` as `0`).
    ///
    /// - Throws: `run-id-invalid` for text that cannot start an id, `run-not-found` when no run
    ///   matches, `run-id-ambiguous` (listing some candidates) when several do.
    public func resolveRunID(_ text: String) async throws(StoreError) -> RunID {
        guard let prefix = RunID.normalize(text), !prefix.isEmpty, prefix.count <= RunID.length else {
            throw StoreError(
                code: .runIDInvalid,
                message: "'\(text)' is not a run id",
                hint: "run ids are 10 letters and digits, like those `sluice runs` lists; a unique prefix is enough"
            )
        }
        let matches = try await read("look up run '\(text)'") { db in
            // `~` sorts after every id character, so this is a prefix range on the primary key.
            try String.fetchAll(
                db, sql: "SELECT id FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                arguments: [prefix, prefix + "~"])
        }
        switch matches.count {
        case 0:
            throw Self.runNotFound(text)
        case 1:
            guard let id = RunID(matches[0]) else { throw Self.runNotFound(text) }
            return id
        default:
            let shown = matches.prefix(5).joined(separator: ", ")
            throw StoreError(
                code: .runIDAmbiguous,
                message: "'\(text)' matches several runs: \(shown)\(matches.count > 5 ? ", …" : "")",
                hint: "type more characters of the run id"
            )
        }
    }

    // MARK: - Shared pieces

    static func runRecord(_ row: Row) throws(StoreError) -> RunRecord {
        let rawID: String = row["id"] ?? ""
        guard let id = RunID(rawID) else {
            throw StoreError(
                code: .storeReadFailed, message: "the store holds a malformed run id '\(rawID)'",
                hint: "the store may have been edited by hand")
        }
        return RunRecord(
            id: id,
            pipeline: row["pipeline"] ?? "",
            inputs: try row.json("inputs_json") ?? .null,
            status: row.status(),
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
            finishedAt: row.date("finished_at"),
            inputTokens: row["input_tokens"] ?? 0,
            outputTokens: row["output_tokens"] ?? 0,
            costUSD: row["cost_usd"] ?? 0,
            sluiceVersion: row["sluice_version"] ?? "",
            outputs: try row.json("outputs_json"),
            failure: try row.failure(),
            owner: RunOwner(
                processID: Int32(truncatingIfNeeded: row["owner_pid"] ?? 0), processStartTime: row["owner_start_time"],
                host: row["owner_host"] ?? "")
        )
    }

    static func interruptUnfinishedChildren(_ db: Database, runID: RunID, at date: Date) throws {
        let arguments: StatementArguments = [
            ExecutionStatus.interrupted.rawValue, date.storedSeconds, runID.rawValue, ExecutionStatus.running.rawValue,
        ]
        for table in ["steps", "items", "attempts"] {
            try db.execute(
                sql: "UPDATE \(table) SET status = ?, finished_at = ? WHERE run_id = ? AND status = ?",
                arguments: arguments
            )
        }
    }

    static func requireFinal(_ status: ExecutionStatus) throws(StoreError) {
        guard status.isFinished else {
            throw StoreError(
                code: .storeInvalidWrite, message: "'running' is not a final status",
                hint: "finish with succeeded, failed, interrupted, cancelled, skipped or budget-stopped")
        }
    }

    static func runNotFound(_ text: String) -> StoreError {
        StoreError(
            code: .runNotFound, message: "no run with id '\(text)' in the store",
            hint: "`sluice runs` lists the runs in this project's store")
    }

    static func missingRun(_ id: RunID) -> StoreError {
        StoreError(
            code: .storeMissingRecord, message: "there is no run \(id) to update",
            hint: "create the run with createRun before recording its steps")
    }
}
