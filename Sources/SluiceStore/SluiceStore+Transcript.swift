import GRDB
public import SluiceCore

extension SluiceStore {
    /// The run with all its steps (in start order), fan-out items (in input order) and attempts
    /// (in the order they were made), read from one consistent snapshot.
    ///
    /// - Throws: `run-not-found` when there is no such run.
    public func transcript(_ id: RunID) async throws(StoreError) -> RunTranscript {
        let transcript = try await read("read run \(id)") { db -> RunTranscript? in
            guard
                let runRow = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue])
            else { return nil }
            let run = try Self.runRecord(runRow)
            let steps = try Row.fetchAll(
                db, sql: "SELECT * FROM steps WHERE run_id = ? ORDER BY started_at, rowid", arguments: [id.rawValue]
            ).map { row throws(StoreError) in try Self.stepRecord(row, runID: id) }
            let items = try Row.fetchAll(
                db, sql: "SELECT * FROM items WHERE run_id = ? ORDER BY step_name, item_index",
                arguments: [id.rawValue]
            ).map { row throws(StoreError) in try Self.itemRecord(row, runID: id) }
            let attempts = try Row.fetchAll(
                db, sql: "SELECT * FROM attempts WHERE run_id = ? ORDER BY id", arguments: [id.rawValue]
            ).map { row throws(StoreError) in try Self.attemptRecord(row, runID: id) }
            let notes = try Row.fetchAll(
                db, sql: "SELECT * FROM notes WHERE run_id = ? ORDER BY id", arguments: [id.rawValue]
            ).map { row in Self.note(row, runID: id) }

            let itemsByStep = Dictionary(grouping: items, by: \.step)
            let attemptsByStep = Dictionary(grouping: attempts, by: \.start.step)
            return RunTranscript(
                run: run,
                notes: notes,
                steps: steps.map { step in
                    let stepAttempts = attemptsByStep[step.name] ?? []
                    let attemptsByItem = Dictionary(grouping: stepAttempts.filter { $0.start.itemIndex != nil }) {
                        $0.start.itemIndex ?? 0
                    }
                    return StepTranscript(
                        step: step,
                        attempts: stepAttempts.filter { $0.start.itemIndex == nil },
                        items: (itemsByStep[step.name] ?? []).map { item in
                            ItemTranscript(item: item, attempts: attemptsByItem[item.index] ?? [])
                        }
                    )
                }
            )
        }
        guard let transcript else { throw Self.runNotFound(id.rawValue) }
        return transcript
    }
}
