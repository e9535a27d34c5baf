public import Foundation
import GRDB
public import SluiceCore

extension SluiceStore {
    /// Records that a step started; one ``RunWrite/startStep(runID:name:kind:itemCount:startedAt:)``.
    ///
    /// - Parameters:
    ///   - kind: The step's kind as the executor names it (`model`, `template`, `run`…).
    ///   - itemCount: The number of fan-out items, for a `for_each` step.
    public func startStep(
        runID: RunID,
        name: String,
        kind: StepKind,
        itemCount: Int? = nil,
        startedAt: Date = Date()
    ) async throws(StoreError) {
        try await record([.startStep(runID: runID, name: name, kind: kind, itemCount: itemCount, startedAt: startedAt)])
    }

    /// Records how a step ended; one ``RunWrite/finishStep(runID:name:outcome:)``.
    public func finishStep(runID: RunID, name: String, outcome: WorkOutcome) async throws(StoreError) {
        try await record([.finishStep(runID: runID, name: name, outcome: outcome)])
    }

    /// Records that a fan-out item started; one ``RunWrite/startItem(runID:step:index:input:startedAt:)``.
    public func startItem(
        runID: RunID,
        step: String,
        index: Int,
        input: JSONValue? = nil,
        startedAt: Date = Date()
    ) async throws(StoreError) {
        try await record([.startItem(runID: runID, step: step, index: index, input: input, startedAt: startedAt)])
    }

    /// Records how a fan-out item ended; one ``RunWrite/finishItem(runID:step:index:outcome:)``.
    public func finishItem(runID: RunID, step: String, index: Int, outcome: WorkOutcome) async throws(StoreError) {
        try await record([.finishItem(runID: runID, step: step, index: index, outcome: outcome)])
    }

    // MARK: - Shared pieces

    static func requireRun(_ db: Database, _ runID: RunID) throws {
        let exists =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)"),
                arguments: [runID.rawValue])
            ?? false
        guard exists else { throw missingRun(runID) }
    }

    static func requireStep(_ db: Database, _ runID: RunID, _ step: String) throws {
        let exists =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM steps WHERE run_id = ? AND name = ?)"),
                arguments: [runID.rawValue, step]) ?? false
        guard exists else { throw missingStep(runID, step) }
    }

    static func missingStep(_ runID: RunID, _ step: String) -> StoreError {
        StoreError(
            code: .storeMissingRecord, message: "there is no step '\(step)' in run \(runID)",
            hint: "record the step's start first")
    }

    static func stepRecord(_ row: Row, runID: RunID) throws(StoreError) -> StepRecord {
        StepRecord(
            runID: runID,
            name: row["name"] ?? "",
            kind: StepKind(rawValue: row["kind"] ?? ""),
            status: row.status(),
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
            finishedAt: row.date("finished_at"),
            output: try row.json("output_json"),
            failure: try row.failure(),
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
            failure: try row.failure(),
            cacheHit: row["cache_hit"] ?? false
        )
    }
}
