import Foundation
import GRDB
import SluiceCore
import SluiceStore
import Testing

@Suite("Run store: several connections and processes sharing one file")
struct StoreConcurrencyTests {
    @Test("two store instances opening a new file at once both end up migrated")
    func concurrentFirstOpen() async throws {
        let directory = try TemporaryDirectory()
        let url = directory.storeURL
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { _ = try SluiceStore(at: url) }
            }
            try await group.waitForAll()
        }
        let store = try SluiceStore(at: url)
        #expect(try await store.runs().isEmpty)
    }

    @Test("two store instances writing at once never fail with SQLITE_BUSY and lose nothing")
    func concurrentWriters() async throws {
        let directory = try TemporaryDirectory()
        let first = try SluiceStore(at: directory.storeURL)
        let second = try SluiceStore(at: directory.storeURL)
        let runsPerWriter = 40
        let itemsPerRun = 5

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, store) in [first, second].enumerated() {
                group.addTask {
                    for runNumber in 0..<runsPerWriter {
                        let run = try await store.createRun(
                            pipeline: "writer-\(writer)", inputs: ["n": .integer(runNumber)])
                        try await store.startStep(runID: run.id, name: "fan", kind: .model, itemCount: itemsPerRun)
                        for index in 0..<itemsPerRun {
                            try await store.startItem(runID: run.id, step: "fan", index: index)
                            let attempt = try await store.begin(
                                AttemptStart(
                                    runID: run.id, step: "fan", itemIndex: index, number: 1, provider: "local",
                                    model: "default", request: [:]))
                            try await store.finishAttempt(
                                attempt,
                                outcome: AttemptOutcome(status: .succeeded, inputTokens: 1, outputTokens: 2))
                            try await store.finishItem(
                                runID: run.id, step: "fan", index: index, outcome: WorkOutcome(status: .succeeded))
                        }
                        try await store.finishStep(runID: run.id, name: "fan", outcome: WorkOutcome(status: .succeeded))
                        try await store.finishRun(run.id, status: .succeeded)
                    }
                }
            }
            try await group.waitForAll()
        }

        let runs = try await first.runs()
        #expect(runs.count == 2 * runsPerWriter)
        #expect(Set(runs.map(\.id)).count == runs.count)
        #expect(runs.allSatisfy { $0.status == .succeeded && $0.outputTokens == 2 * itemsPerRun })
        let sample = try await second.transcript(try #require(runs.first).id)
        #expect(sample.steps.first?.items.count == itemsPerRun)
    }

    @Test("a writer held up past the busy timeout fails with a coded error instead of hanging")
    func busyTimeoutExpires() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL, busyTimeout: .milliseconds(100))
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let blocker = try DatabaseQueue(path: directory.storeURL.path, configuration: configuration)
        // Another process's long write transaction, holding the write lock.
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let error = await #expect(throws: StoreError.self) {
            try await store.startStep(runID: run.id, name: "s", kind: .model)
        }
        #expect(error?.code == "store-write-failed")
        #expect(error?.hint?.contains("busy timeout") == true)
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try await store.startStep(runID: run.id, name: "s", kind: .model)
        #expect(try await store.transcript(run.id).steps.count == 1)
    }
}
