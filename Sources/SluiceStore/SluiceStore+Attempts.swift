import Foundation
import GRDB
public import SluiceCore

extension SluiceStore {
    /// Records that an attempt started; one ``RunWrite/startAttempt(_:)``.
    ///
    /// The request is redacted (credential headers and members, `key=` query parameters, known
    /// secrets) before it is written, whatever the caller already did. ``AttemptStart/key``
    /// identifies the attempt when it ends.
    public func startAttempt(_ start: AttemptStart) async throws(StoreError) {
        try await record([.startAttempt(start)])
    }

    /// Records how an attempt ended; one ``RunWrite/finishAttempt(_:outcome:)``. Its tokens and
    /// cost are added to the run's totals in the same transaction, unless it came from the cache.
    public func finishAttempt(_ key: AttemptKey, outcome: AttemptOutcome) async throws(StoreError) {
        try await record([.finishAttempt(key, outcome: outcome)])
    }

    static func attemptRecord(_ row: Row, runID: RunID) throws(StoreError) -> AttemptRecord {
        let start = AttemptStart(
            runID: runID,
            step: row["step_name"] ?? "",
            itemIndex: row["item_index"],
            number: row["number"] ?? 0,
            provider: row["provider"] ?? "",
            model: row["model"] ?? "",
            request: try row.json("request_json") ?? .null,
            limiterWait: row.duration("limiter_wait_ms"),
            synthetic: row["synthetic"] ?? false,
            repair: row["repair"],
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0)
        )
        var outcome: AttemptOutcome?
        if let finishedAt = row.date("finished_at") {
            outcome = AttemptOutcome(
                status: row.status(),
                responseText: row["response_text"],
                httpStatus: row["http_status"],
                answeringModel: row["answering_model"],
                requestID: row["request_id"],
                finishReason: (row["finish_reason"] as String?).map(FinishReason.init(rawValue:)),
                latency: row.duration("latency_ms"),
                timeToFirstToken: row.duration("first_token_ms"),
                inputTokens: row["input_tokens"],
                outputTokens: row["output_tokens"],
                costUSD: row["cost_usd"],
                failure: try row.failure(),
                fromCache: row["from_cache"] ?? false,
                finishedAt: finishedAt
            )
        }
        return AttemptRecord(id: row["id"] ?? 0, start: start, outcome: outcome)
    }

    static func note(_ row: Row, runID: RunID) -> RunNote {
        RunNote(
            runID: runID, step: row["step_name"], itemIndex: row["item_index"], attemptNumber: row["attempt_number"],
            kind: RunNote.Kind(rawValue: row["kind"] ?? ""), message: row["message"] ?? "",
            delay: row.duration("delay_ms"), at: row.date("at") ?? Date(timeIntervalSince1970: 0))
    }
}
