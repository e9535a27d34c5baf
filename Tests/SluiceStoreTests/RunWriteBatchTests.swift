import Foundation
import SluiceCore
import SluiceStore
import Testing

@Suite("Run store: batches of writes")
struct RunWriteBatchTests {
    @Test("a batch records a whole fan-out item, attempt included, in one call")
    func wholeItemInOneBatch() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        let start = AttemptStart(
            runID: run.id, step: "fan", itemIndex: 0, number: 1, provider: "local", model: "default",
            request: ["x-api-key": "sk-ant-secret-value"])
        try await store.record([
            .startStep(runID: run.id, name: "fan", kind: .model, itemCount: 1, startedAt: Date()),
            .startItem(runID: run.id, step: "fan", index: 0, input: "ticket", startedAt: Date()),
            .startAttempt(start),
            .finishAttempt(start.key, outcome: AttemptOutcome(status: .succeeded, inputTokens: 4, outputTokens: 6)),
            .finishItem(runID: run.id, step: "fan", index: 0, outcome: WorkOutcome(status: .succeeded, output: "x")),
            .finishStep(runID: run.id, name: "fan", outcome: WorkOutcome(status: .succeeded, output: ["x"])),
        ])
        let transcript = try await store.transcript(run.id)
        let attempt = try #require(transcript.steps.first?.items.first?.attempts.first)
        #expect(attempt.status == .succeeded)
        #expect(attempt.start.request == ["x-api-key": "[REDACTED]"])
        #expect(transcript.run.outputTokens == 6)
    }

    @Test("a batch with one bad write leaves no trace of the others")
    func failedBatchRollsBack() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        let error = await #expect(throws: StoreError.self) {
            try await store.record([
                .startStep(runID: run.id, name: "kept?", kind: .model, itemCount: nil, startedAt: Date()),
                .finishItem(runID: run.id, step: "kept?", index: 7, outcome: WorkOutcome(status: .succeeded)),
            ])
        }
        #expect(error?.code == "store-missing-record")
        #expect(try await store.transcript(run.id).steps.isEmpty)
    }

    @Test("the same attempt recorded twice is refused, and the first one stays as it was")
    func duplicateAttempt() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        try await store.startStep(runID: run.id, name: "s", kind: .model)
        let start = AttemptStart(runID: run.id, step: "s", number: 1, provider: "local", model: "a", request: [:])
        try await store.startAttempt(start)
        var again = start
        again.model = "b"
        let error = await #expect(throws: StoreError.self) { try await store.startAttempt(again) }
        #expect(error?.code == "store-invalid-write")
        let attempts = try await store.transcript(run.id).steps.first?.attempts ?? []
        #expect(attempts.map(\.start.model) == ["a"])
    }
}
