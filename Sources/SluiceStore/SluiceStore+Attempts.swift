import Foundation
import GRDB
import SluiceCore

extension SluiceStore {
    /// Records that an attempt started and returns its id, for ``finishAttempt(_:outcome:)``.
    ///
    /// The request is redacted (credential headers and members, `key=` query parameters, known
    /// secrets) before it is written, whatever the caller already did.
    ///
    /// - Throws: `store-missing-record` when the step (or, with an item index, the item) was never started.
    public func startAttempt(_ start: AttemptStart) async throws(StoreError) -> Int64 {
        let request = redactor.redact(start.request)
        return try await write("record an attempt of step '\(start.step)'") { db in
            try Self.requireStep(db, start.runID, start.step)
            try db.execute(
                sql: """
                    INSERT INTO attempts
                        (run_id, step_name, item_index, number, provider, model, request_json, status,
                         started_at, limiter_wait_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    start.runID.rawValue, start.step, start.itemIndex, start.number, start.provider, start.model,
                    request.storedText, ExecutionStatus.running.rawValue, start.startedAt.storedSeconds,
                    start.limiterWait?.milliseconds,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    /// Records how an attempt ended, and adds its tokens and cost to the run's totals in the same
    /// transaction (unless it came from the cache, which spends nothing).
    ///
    /// - Throws: `store-missing-record` for an unknown attempt id; `store-invalid-write` when the
    ///   outcome's status is `running`.
    public func finishAttempt(_ id: Int64, outcome: AttemptOutcome) async throws(StoreError) {
        try Self.requireFinal(outcome.status)
        let responseText = outcome.responseText.map { redactor.redact(text: $0) }
        let error = outcome.error.map { redactor.redact(text: $0) }
        try await write("record the end of attempt \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE attempts SET
                        status = ?, finished_at = ?, response_text = ?, http_status = ?, finish_reason = ?,
                        latency_ms = ?, first_token_ms = ?, input_tokens = ?, output_tokens = ?, cost_usd = ?,
                        error = ?, from_cache = ?
                    WHERE id = ?
                    """,
                arguments: [
                    outcome.status.rawValue, outcome.finishedAt.storedSeconds, responseText, outcome.httpStatus,
                    outcome.finishReason, outcome.latency?.milliseconds, outcome.timeToFirstToken?.milliseconds,
                    outcome.inputTokens, outcome.outputTokens, outcome.costUSD, error, outcome.fromCache, id,
                ]
            )
            guard db.changesCount > 0 else {
                throw StoreError(
                    code: "store-missing-record", message: "there is no attempt \(id) to update",
                    hint: "use the id startAttempt returned")
            }
            guard !outcome.fromCache else { return }
            try db.execute(
                sql: """
                    UPDATE runs SET
                        input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost_usd = cost_usd + ?
                    WHERE id = (SELECT run_id FROM attempts WHERE id = ?)
                    """,
                arguments: [outcome.inputTokens ?? 0, outcome.outputTokens ?? 0, outcome.costUSD ?? 0, id]
            )
        }
    }

    static func attemptRecord(_ row: Row, runID: RunID) throws(StoreError) -> AttemptRecord {
        AttemptRecord(
            id: row["id"] ?? 0,
            runID: runID,
            step: row["step_name"] ?? "",
            itemIndex: row["item_index"],
            number: row["number"] ?? 0,
            provider: row["provider"] ?? "",
            model: row["model"] ?? "",
            request: try row.json("request_json") ?? .null,
            status: row.status(),
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
            finishedAt: row.date("finished_at"),
            responseText: row["response_text"],
            httpStatus: row["http_status"],
            finishReason: row["finish_reason"],
            latency: row.duration("latency_ms"),
            timeToFirstToken: row.duration("first_token_ms"),
            inputTokens: row["input_tokens"],
            outputTokens: row["output_tokens"],
            costUSD: row["cost_usd"],
            limiterWait: row.duration("limiter_wait_ms"),
            error: row["error"],
            fromCache: row["from_cache"] ?? false
        )
    }
}
