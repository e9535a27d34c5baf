import Foundation
import SluiceCore
import SluiceStore

/// How fast the store records a fan-out's items (four writes each: item started, attempt
/// started and finished, item finished) at concurrency 8, with one transaction per write, per
/// item, or per 50 items (roughly the recorder's batches); then reading the transcript back.
struct StoreWriteMicro {
    func run(_ context: BenchContext) async throws -> [Figure] {
        let items = context.size(10_000, quick: 50)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-store-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let runID = try await store.createRun(pipeline: "bench", inputs: ["items": .integer(items)]).id
        let clock = ContinuousClock()
        var figures: [Figure] = []
        for (label, batch) in [("one transaction per write", 0), ("one per item", 1), ("one per 50 items", 50)] {
            let step = "fan-\(batch)"
            try await store.startStep(runID: runID, name: step, kind: .model, itemCount: items)
            let started = clock.now
            let groups = batch == 0 ? items : (items + batch - 1) / batch
            try await Self.concurrently(groups, width: 8) { group in
                if batch == 0 {
                    for write in Self.writes(runID: runID, step: step, index: group) { try await store.record([write]) }
                } else {
                    let indices = (group * batch)..<min(items, (group + 1) * batch)
                    try await store.record(indices.flatMap { Self.writes(runID: runID, step: step, index: $0) })
                }
            }
            figures.append(
                Figure(
                    name: "store: record an item, \(label)",
                    value: (clock.now - started).seconds * 1e6 / Double(items), unit: "µs"))
        }
        let started = clock.now
        _ = try await store.transcript(runID)
        figures.append(
            Figure(
                name: "store: read a transcript of \(Figure.count(3 * items)) items",
                value: (clock.now - started).milliseconds, unit: "ms"))
        return figures
    }

    /// The four writes of one fan-out item that succeeds at its first attempt.
    static func writes(runID: RunID, step: String, index: Int) -> [RunWrite] {
        let start = AttemptStart(
            runID: runID, step: step, itemIndex: index, number: 1, provider: "local", model: "default",
            request: ["messages": [["role": "user", "content": .string("item \(index)")]]])
        return [
            .startItem(runID: runID, step: step, index: index, input: .integer(index), startedAt: Date()),
            .startAttempt(start),
            .finishAttempt(
                start.key,
                outcome: AttemptOutcome(
                    status: .succeeded, responseText: "[synthetic] text", inputTokens: 3, outputTokens: 4)),
            .finishItem(
                runID: runID, step: step, index: index,
                outcome: WorkOutcome(status: .succeeded, output: "[synthetic] text")),
        ]
    }

    /// Runs `body` for every index below `count`, at most `width` at once.
    static func concurrently(
        _ count: Int, width: Int, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(width, count) {
                let index = next
                group.addTask { try await body(index) }
                next += 1
            }
            while try await group.next() != nil, next < count {
                let index = next
                group.addTask { try await body(index) }
                next += 1
            }
            try await group.waitForAll()
        }
    }
}
