import Foundation
import GRDB
import SluiceCore

extension SluiceStore {
    /// Writes several changes to runs in one transaction: all of them or, if one fails, none.
    ///
    /// A recorder that buffers the executor's events and flushes them together pays for one
    /// commit instead of one per event, which matters for large fan-outs. Every value is
    /// redacted on the way in.
    ///
    /// - Throws: `store-missing-record` when a write names a run, step, item or attempt that was
    ///   never started (earlier writes in the same batch count); `store-invalid-write` for a
    ///   finish with the status `running` or an attempt recorded twice.
    public func record(_ writes: [RunWrite]) async throws(StoreError) {
        guard !writes.isEmpty else { return }
        for write in writes { try Self.requireFinal(write) }
        let redacted = writes.map(redact)
        try await self.write(redacted.count == 1 ? "record \(redacted[0].summary)" : "record \(redacted.count) changes")
        {
            db in
            for write in redacted { try Self.apply(write, in: db) }
        }
    }

    // MARK: - Applying one write

    static func apply(_ write: RunWrite, in db: Database) throws {
        switch write {
        case .startStep(let runID, let name, let kind, let itemCount, let startedAt):
            try requireRun(db, runID)
            try db.cachedStatement(
                sql: """
                    INSERT INTO steps (run_id, name, kind, status, started_at, item_count)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, name) DO UPDATE SET
                        kind = excluded.kind, status = excluded.status, started_at = excluded.started_at,
                        item_count = excluded.item_count, finished_at = NULL, output_json = NULL,
                        error = NULL, error_json = NULL, cache_hit = 0
                    """
            ).execute(
                arguments: [
                    runID.rawValue, name, kind.rawValue, ExecutionStatus.running.rawValue, startedAt.storedSeconds,
                    itemCount,
                ]
            )
        case .finishStep(let runID, let name, let outcome):
            try db.cachedStatement(
                sql: """
                    UPDATE steps SET
                        status = ?, finished_at = ?, output_json = ?, error = ?, error_json = ?, cache_hit = ?
                    WHERE run_id = ? AND name = ?
                    """
            ).execute(
                arguments: outcomeArguments(outcome) + [runID.rawValue, name]
            )
            guard db.changesCount > 0 else { throw missingStep(runID, name) }
        case .startItem(let runID, let step, let index, let input, let startedAt):
            try requireStep(db, runID, step)
            try db.cachedStatement(
                sql: """
                    INSERT INTO items (run_id, step_name, item_index, input_json, status, started_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, step_name, item_index) DO UPDATE SET
                        input_json = excluded.input_json, status = excluded.status,
                        started_at = excluded.started_at, finished_at = NULL, output_json = NULL,
                        error = NULL, error_json = NULL, cache_hit = 0
                    """
            ).execute(
                arguments: [
                    runID.rawValue, step, index, input?.storedText, ExecutionStatus.running.rawValue,
                    startedAt.storedSeconds,
                ]
            )
        case .finishItem(let runID, let step, let index, let outcome):
            try db.cachedStatement(
                sql: """
                    UPDATE items SET
                        status = ?, finished_at = ?, output_json = ?, error = ?, error_json = ?, cache_hit = ?
                    WHERE run_id = ? AND step_name = ? AND item_index = ?
                    """
            ).execute(
                arguments: outcomeArguments(outcome) + [runID.rawValue, step, index]
            )
            guard db.changesCount > 0 else {
                throw StoreError(
                    code: .storeMissingRecord,
                    message: "there is no item \(index) of step '\(step)' in run \(runID)",
                    hint: "record the item's start before its end")
            }
        case .startAttempt(let start):
            try startAttempt(start, in: db)
        case .finishAttempt(let key, let outcome):
            try finishAttempt(key, outcome: outcome, in: db)
        case .addNote(let note):
            try requireRun(db, note.runID)
            try db.cachedStatement(
                sql: """
                    INSERT INTO notes (run_id, step_name, item_index, attempt_number, kind, message, delay_ms, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    note.runID.rawValue, note.step, note.itemIndex, note.attemptNumber, note.kind.rawValue,
                    note.message, note.delay?.milliseconds, note.at.storedSeconds,
                ]
            )
        }
    }

    private static func startAttempt(_ start: AttemptStart, in db: Database) throws {
        try requireStep(db, start.runID, start.step)
        try db.cachedStatement(
            sql: """
                INSERT INTO attempts
                    (run_id, step_name, item_index, number, provider, model, request_json, status,
                     started_at, limiter_wait_ms, synthetic, repair)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """
        ).execute(
            arguments: [
                start.runID.rawValue, start.step, start.itemIndex, start.number, start.provider, start.model,
                start.request.storedText, ExecutionStatus.running.rawValue, start.startedAt.storedSeconds,
                start.limiterWait?.milliseconds, start.synthetic, start.repair,
            ]
        )
        guard db.changesCount > 0 else {
            throw StoreError(
                code: .storeInvalidWrite, message: "attempt \(start.key) is already recorded",
                hint: "number a step's or item's attempts 1, 2, 3… without repeating")
        }
    }

    private static func finishAttempt(_ key: AttemptKey, outcome: AttemptOutcome, in db: Database) throws {
        let keyCondition = "run_id = ? AND step_name = ? AND coalesce(item_index, -1) = ? AND number = ?"
        let keyArguments: StatementArguments = [key.runID.rawValue, key.step, key.itemIndex ?? -1, key.number]
        try db.cachedStatement(
            sql: """
                UPDATE attempts SET
                    status = ?, finished_at = ?, response_text = ?, http_status = ?, answering_model = ?,
                    request_id = ?, finish_reason = ?, latency_ms = ?, first_token_ms = ?, input_tokens = ?,
                    output_tokens = ?, cost_usd = ?, error = ?, error_json = ?, from_cache = ?
                WHERE \(keyCondition)
                """
        ).execute(
            arguments: [
                outcome.status.rawValue, outcome.finishedAt.storedSeconds, outcome.responseText, outcome.httpStatus,
                outcome.answeringModel, outcome.requestID, outcome.finishReason?.rawValue,
                outcome.latency?.milliseconds,
                outcome.timeToFirstToken?.milliseconds, outcome.inputTokens, outcome.outputTokens, outcome.costUSD,
                outcome.failure?.message, outcome.failure?.jsonValue.storedText, outcome.fromCache,
            ] + keyArguments
        )
        guard db.changesCount > 0 else {
            throw StoreError(
                code: .storeMissingRecord, message: "there is no attempt \(key) to update",
                hint: "record the attempt's start before its end")
        }
        guard !outcome.fromCache else { return }
        try db.cachedStatement(
            sql: """
                UPDATE runs SET
                    input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost_usd = cost_usd + ?
                WHERE id = ?
                """
        ).execute(
            arguments: [outcome.inputTokens ?? 0, outcome.outputTokens ?? 0, outcome.costUSD ?? 0, key.runID.rawValue]
        )
    }

    // MARK: - Checks and redaction

    private static func outcomeArguments(_ outcome: WorkOutcome) -> StatementArguments {
        [
            outcome.status.rawValue, outcome.finishedAt.storedSeconds, outcome.output?.storedText,
            outcome.failure?.message, outcome.failure?.jsonValue.storedText, outcome.cacheHit,
        ]
    }

    private static func requireFinal(_ write: RunWrite) throws(StoreError) {
        switch write {
        case .finishStep(_, _, let outcome), .finishItem(_, _, _, let outcome):
            try requireFinal(outcome.status)
        case .finishAttempt(_, let outcome):
            try requireFinal(outcome.status)
        case .startStep, .startItem, .startAttempt, .addNote:
            return
        }
    }

    private func redact(_ write: RunWrite) -> RunWrite {
        switch write {
        case .startStep:
            return write
        case .finishStep(let runID, let name, let outcome):
            return .finishStep(runID: runID, name: name, outcome: redact(outcome))
        case .startItem(let runID, let step, let index, let input, let startedAt):
            return .startItem(
                runID: runID, step: step, index: index, input: input.map(redactor.redact), startedAt: startedAt)
        case .finishItem(let runID, let step, let index, let outcome):
            return .finishItem(runID: runID, step: step, index: index, outcome: redact(outcome))
        case .startAttempt(var start):
            start.request = redactor.redact(start.request)
            return .startAttempt(start)
        case .finishAttempt(let key, var outcome):
            outcome.responseText = outcome.responseText.map { redactor.redact(text: $0) }
            outcome.failure = outcome.failure.map(redact)
            return .finishAttempt(key, outcome: outcome)
        case .addNote(var note):
            note.message = redactor.redact(text: note.message)
            return .addNote(note)
        }
    }

    private func redact(_ outcome: WorkOutcome) -> WorkOutcome {
        var copy = outcome
        copy.output = outcome.output.map(redactor.redact)
        copy.failure = outcome.failure.map(redact)
        return copy
    }

    /// The failure with secrets removed from its message and hint.
    func redact(_ failure: RunFailure) -> RunFailure {
        var copy = failure
        copy.message = redactor.redact(text: failure.message)
        copy.hint = failure.hint.map { redactor.redact(text: $0) }
        return copy
    }
}

extension RunWrite {
    /// A few words naming the write, for error messages.
    var summary: String {
        switch self {
        case .startStep(_, let name, _, _, _): "the start of step '\(name)'"
        case .finishStep(_, let name, _): "the end of step '\(name)'"
        case .startItem(_, let step, let index, _, _): "the start of item \(index) of step '\(step)'"
        case .finishItem(_, let step, let index, _): "the end of item \(index) of step '\(step)'"
        case .startAttempt(let start): "the start of attempt \(start.key)"
        case .finishAttempt(let key, _): "the end of attempt \(key)"
        case .addNote(let note): "a '\(note.kind.rawValue)' note of run \(note.runID)"
        }
    }
}
