import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTestSupport
import Testing

@Suite("One run orchestration: create, execute, record, exit status", .timeLimit(.minutes(2)))
struct PipelineRunTests {
    private func withStore(_ body: (SluiceStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-run-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(try SluiceStore(at: folder.appendingPathComponent("sluice.db")))
    }

    private func start(
        _ name: String, store: SluiceStore, clock: ManualTimeSource = ManualTimeSource()
    )
        async throws -> PipelineRun
    {
        try await PipelineRun.start(
            plan: try EngineHarness.plan(name), inputs: [:], store: store,
            environment: ExecutionEnvironment(providers: EngineHarness.standardProviders, clock: clock),
            options: RunOptions(workingDirectory: EngineHarness.projectRoot))
    }

    @Test func aSucceededRunIsRecordedAndExitsZero() async throws {
        try await withStore { store in
            let clock = ManualTimeSource()
            let run = try await start("parallel", store: store, clock: clock)
            var seen = 0
            let outcome = await run.complete { _ in seen += 1 }
            #expect(outcome.result.status == .succeeded)
            #expect(outcome.exitStatus == .success)
            #expect(outcome.recordingFailure == nil)
            #expect(seen > 2)
            let transcript = try await store.transcript(run.runID)
            #expect(transcript.run.status == .succeeded)
            #expect(transcript.run.startedAt == clock.date)
            #expect(transcript.steps.allSatisfy { $0.step.status == .succeeded })
        }
    }

    @Test func aFailedRunExitsOne() async throws {
        try await withStore { store in
            let run = try await start("failing", store: store)
            let outcome = await run.complete()
            #expect(outcome.result.status == .failed)
            #expect(outcome.exitStatus == .failure)
        }
    }

    @Test func anInterruptedRunIsRecordedAsInterruptedAndExits130() async throws {
        try await withStore { store in
            let run = try await start("stall", store: store)
            let outcome = await run.complete { event in
                if case .attemptStarted = event { run.interrupt() }
            }
            #expect(outcome.exitStatus == .interrupted)
            #expect(try await store.transcript(run.runID).run.status == .interrupted)
        }
    }
}
