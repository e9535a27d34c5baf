import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore
import SluiceTestSupport
import Testing

/// The store-backed cache's batching: what a run saves is found at once, and is in the store by
/// the time the run has ended, even when the write delay never passes.
@Suite(.timeLimit(.minutes(1)))
struct StoreResponseCacheTests {
    /// Runs fixture `greeting` over `names` with `cache`, on a clock that never moves.
    private func run(_ names: [String], cache: StoreResponseCache, store: SluiceStore) async throws -> RunTranscript {
        let plan = try EngineHarness.plan("greeting")
        let inputs = try PipelineInputs.resolve(
            ["names=\(JSONValue.array(names.map(JSONValue.string)).formatted(.compact))"], for: plan.definition,
            workingDirectory: EngineHarness.projectRoot)
        let run = try await store.createRun(pipeline: plan.name, inputs: .object(inputs))
        let clock = ManualTimeSource()
        let executor = PipelineExecutor(
            plan: plan,
            environment: ExecutionEnvironment(providers: EngineHarness.standardProviders, clock: clock, cache: cache),
            options: RunOptions(workingDirectory: EngineHarness.projectRoot))
        let recorder = RunRecorder(store: store, runID: run.id, clock: clock)
        for await event in executor.start(runID: run.id, inputs: inputs).events {
            await recorder.record(event)
        }
        return try await store.transcript(run.id)
    }

    @Test("a run's answers are in the store when it ends, and the next run's cache finds them")
    func answersAreWrittenByTheRunsEnd() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cache-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let first = try await run(
            ["Ada", "Grace"], cache: StoreResponseCache(store: store, clock: ManualTimeSource()), store: store)
        #expect(first.run.status == .succeeded)
        // The write delay never passed on this clock: the run's end wrote the answers.
        #expect(try await store.cacheEntries(pipeline: "greeting").count == 2)

        let second = try await run(
            ["Ada", "Grace", "Hedy"], cache: StoreResponseCache(store: store, clock: ManualTimeSource()), store: store)
        let items = try #require(second.steps.first { $0.step.name == "greet" }?.items)
        #expect(items.map { $0.attempts.first?.outcome?.fromCache } == [true, true, false])
        #expect(try await store.cacheEntries(pipeline: "greeting").count == 3)
    }

    @Test("an answer saved in this run is found before it is written")
    func anUnwrittenAnswerIsFound() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cache-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let cache = StoreResponseCache(store: store, clock: ManualTimeSource())
        let key = CacheKey.modelStep(
            CacheKeyTests.base, chain: CacheKeyTests.chain, pipeline: "triage", step: "classify")
        let answer = CachedResponse(text: "bug", output: "bug", provider: "openai", model: "gpt-4.1-mini")
        #expect(await cache.response(for: key) == nil)
        await cache.save(answer, for: key)
        #expect(await cache.response(for: key) == answer)
        #expect(try await store.cacheEntry(forKey: key.digest) == nil, "not written before the delay or a flush")
        await cache.flush()
        #expect(try await store.cacheEntry(forKey: key.digest)?.value == "bug")
        #expect(await cache.response(for: key) == answer, "found in the store after the write")
    }
}
