import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTestSupport
import Testing

@Suite(.timeLimit(.minutes(2)))
struct RunRecorderTests {
    /// Runs fixture `name` into a fresh store through a recorder; returns the store, run and recorder.
    private func record(
        _ name: String, inputs assignments: [String] = [], maximumBatch: Int = 256
    ) async throws -> (SluiceStore, RunID, RunRecorder, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-engine-\(UUID())")
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let plan = try EngineHarness.plan(name)
        let inputs = try PipelineInputs.resolve(
            assignments, for: plan.definition, workingDirectory: EngineHarness.projectRoot)
        let run = try await store.createRun(pipeline: plan.name, inputs: .object(inputs))
        let executor = PipelineExecutor(
            plan: plan,
            environment: ExecutionEnvironment(providers: EngineHarness.standardProviders, clock: ManualTimeSource()),
            options: RunOptions(workingDirectory: EngineHarness.projectRoot))
        let recorder = RunRecorder(
            store: store, runID: run.id,
            stepKinds: Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.name, $0.definition.kind) }),
            maximumBatch: maximumBatch)
        for await event in executor.start(runID: run.id, inputs: inputs).events {
            await recorder.record(event)
        }
        return (store, run.id, recorder, folder)
    }

    @Test func aRunIsRecordedWithStepsItemsAndEveryAttempt() async throws {
        let (store, id, recorder, folder) = try await record("greeting")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await recorder.failure == nil)
        let transcript = try await store.transcript(id)
        #expect(transcript.run.status == .succeeded)
        #expect(transcript.run.outputs == ["count": "2 greetings"])
        #expect(transcript.run.inputTokens > 0)
        #expect(transcript.run.outputTokens > 0)
        #expect(transcript.run.costUSD == 0)
        #expect(transcript.steps.map(\.step.name) == ["greet", "count"])
        let greet = transcript.steps[0]
        #expect(greet.step.kind == .model)
        #expect(greet.step.itemCount == 2)
        #expect(greet.items.map(\.item.input) == [.string("Ada"), .string("Grace")])
        #expect(greet.items.allSatisfy { $0.item.status == .succeeded })
        let attempt = try #require(greet.items.first?.attempts.first)
        #expect(attempt.start.provider == "local")
        #expect(attempt.start.model == "default")
        #expect(attempt.status == .succeeded)
        #expect(attempt.outcome?.responseText?.hasPrefix("[synthetic]") == true)
        #expect(attempt.start.synthetic)
        #expect(attempt.outcome?.latency != nil)
        #expect(attempt.outcome?.timeToFirstToken != nil)
        #expect((attempt.outcome?.inputTokens ?? 0) > 0)
        #expect(attempt.outcome?.costUSD == 0)
        #expect(attempt.start.limiterWait == .zero)
        #expect(attempt.outcome?.finishReason == .completed)
        let messages = try #require(attempt.start.request.objectValue?["messages"]?.arrayValue)
        #expect(messages.last?.objectValue?["content"] == .string("Greet Ada.\n\nKeep it to one line.\n"))
        #expect(messages.first?.objectValue?["role"] == .string("system"))
        #expect(transcript.steps[1].step.output == .string("2 greetings"))
    }

    @Test func writesAreBatched() async throws {
        let names = JSONValue.array((0..<300).map { JSONValue.string("name \($0)") }).formatted(.compact)
        let (store, id, recorder, folder) = try await record("greeting", inputs: ["names=\(names)"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let transcript = try await store.transcript(id)
        #expect(transcript.steps.first?.items.count == 300)
        #expect(transcript.steps.first?.items.allSatisfy { $0.attempts.count == 1 } == true)
        // 300 items make 1,200 changes; batched, they take a few dozen transactions at most.
        #expect(await recorder.transactionCount < 100)
    }

    @Test func aStepThatNeverRanStillHasARow() async throws {
        let (store, id, _, folder) = try await record("failing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let transcript = try await store.transcript(id)
        #expect(transcript.run.status == .failed)
        let after = try #require(transcript.steps.first { $0.step.name == "after" })
        #expect(after.step.status == .cancelled)
        #expect(after.step.kind == .template)
        let broken = try #require(transcript.steps.first { $0.step.name == "broken" })
        #expect(broken.attempts.first?.start.provider == "command")
        #expect(broken.attempts.first?.status == .failed)
    }

    /// Records a chain of `steps` template steps, each event with `moreEventsWaiting`; returns the
    /// recorder, and the store's view of the first step right after its start was recorded.
    private func recordChain(
        steps: Int, moreEventsWaiting: Bool
    ) async throws -> (RunRecorder, ExecutionStatus?, RunTranscript, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-engine-\(UUID())")
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let run = try await store.createRun(pipeline: "chain", inputs: .object([:]))
        // A clock that never moves: only the events decide when a batch is written.
        let recorder = RunRecorder(store: store, runID: run.id, clock: ManualTimeSource())
        var firstStepSeen: ExecutionStatus?
        for index in 1...steps {
            await recorder.record(
                .stepStarted(step: "s\(index)", kind: .template, itemCount: nil, at: Date()),
                moreEventsWaiting: moreEventsWaiting)
            if index == 1 {
                firstStepSeen = try await store.transcript(run.id).steps.first?.step.status
            }
            await recorder.record(
                .stepFinished(step: "s\(index)", outcome: WorkOutcome(status: .succeeded, output: "done")),
                moreEventsWaiting: moreEventsWaiting)
        }
        await recorder.record(
            .runFinished(
                RunResult(runID: run.id, status: .succeeded, outputs: [:], failure: nil, finishedAt: Date())))
        return (recorder, firstStepSeen, try await store.transcript(run.id), folder)
    }

    @Test("a step's start and end are written at once while nothing else waits: sluice show sees a running step")
    func boundariesAreWrittenWhenTheRecorderHasCaughtUp() async throws {
        let (recorder, firstStepSeen, transcript, folder) = try await recordChain(steps: 20, moreEventsWaiting: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(firstStepSeen == .running)
        #expect(transcript.steps.count == 20)
        // Every start and every end, then the run's end.
        #expect(await recorder.transactionCount == 41)
    }

    @Test("while more events wait, step boundaries join one batch (group commit) and nothing is lost")
    func boundariesJoinTheBatchWhileEventsWait() async throws {
        let (recorder, firstStepSeen, transcript, folder) = try await recordChain(steps: 20, moreEventsWaiting: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(firstStepSeen == nil)
        #expect(transcript.run.status == .succeeded)
        #expect(transcript.steps.map(\.step.name) == (1...20).map { "s\($0)" })
        #expect(transcript.steps.allSatisfy { $0.step.status == .succeeded && $0.step.output == "done" })
        // 40 changes in one batch written at the run's end, then the run's record.
        #expect(await recorder.transactionCount == 2)
    }
}
