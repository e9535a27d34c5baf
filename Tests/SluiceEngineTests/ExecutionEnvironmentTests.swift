import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceTestSupport
import Testing

/// What the executor reads through its environment: finished work, the cache, prices and budget,
/// and the traffic layer.
@Suite(.timeLimit(.minutes(1)))
struct ExecutionEnvironmentTests {
    @Test func aRunSeededWithFinishedStepsRunsOnlyTheRest() async throws {
        let snapshot = RunSnapshot(finishedSteps: [
            "left": .init(status: .succeeded, output: "from before"),
            "right": .init(status: .succeeded, output: "also before"),
        ])
        let barrier = BarrierProvider(size: 2)
        let run = try await EngineHarness.run(
            "parallel", providers: ProviderRegistry(["barrier": barrier]),
            configure: { $0.finishedWork = snapshot })
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(run.attemptStarts.isEmpty)
        #expect(run.labels == ["run started", "joined started", "joined finished", "run finished"])
        #expect(run.result.outputs?["joined"] == "from before | also before")
    }

    @Test func aCachedAnswerMakesNoCallAndIsRecordedAsFromTheCache() async throws {
        let cache = InMemoryResponseCache()
        let provider = ScriptedProvider(name: "primary", script: ["first": [.text("fresh")]])
        let providers = ProviderRegistry(["primary": provider], settings: EngineHarness.config.providers)
        let first = try await EngineHarness.run("single", providers: providers, configure: { $0.cache = cache })
        #expect(first.outcome(of: "answer")?.output == "fresh")
        #expect(cache.count == 1)
        let second = try await EngineHarness.run("single", providers: providers, configure: { $0.cache = cache })
        #expect(second.outcome(of: "answer")?.output == "fresh")
        #expect(provider.callCount(of: "first") == 1)
        #expect(second.attemptOutcomes.map(\.1.fromCache) == [true])
        #expect(cache.hits == 1)
    }

    @Test func pricesCostAttemptsAndTheBudgetStopsTheRun() async throws {
        let provider = ScriptedProvider(name: "primary", script: ["first": [.text("one")]])
        let providers = ProviderRegistry(["primary": provider], settings: EngineHarness.config.providers)
        // 10 input and 5 output tokens at $1 and $2 per million.
        let prices = PriceTable(["primary/first": ModelPrice(input: 1, output: 2)])
        let run = try await EngineHarness.run(
            "chain", providers: providers,
            configure: {
                $0.costs = prices
                $0.budget = MaximumSpend(0.00001)
            })
        #expect(run.attemptOutcomes.first?.1.costUSD == 0.00002)
        #expect(run.result.status == .budgetStopped)
        #expect(run.result.failure?.code == .budgetExceeded)
        #expect(run.outcome(of: "again")?.status == .budgetStopped)
        #expect(provider.callCount(of: "first") == 1)
    }

    @Test func theTrafficLayerIsAskedBeforeEachCallAndToldHowItEnded() async throws {
        let limiter = RecordingRequestLimiter(reportedWait: .milliseconds(40))
        let breaker = ScriptedBreaker(open: ["primary"])
        let providers = ProviderRegistry(
            ["primary": ScriptedProvider(name: "primary"), "secondary": ScriptedProvider(name: "secondary")],
            settings: EngineHarness.config.providers)
        let run = try await EngineHarness.run(
            "chain", providers: providers,
            configure: {
                $0.requestLimiter = limiter
                $0.breaker = breaker
            })
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        // The open breaker refuses primary's calls once the limiter has granted them: no call, no
        // attempt, the grant handed back unused; the chain moves on each time.
        #expect(run.attemptStarts.map(\.provider) == ["secondary", "secondary"])
        #expect(run.attemptStarts.allSatisfy { $0.limiterWait == .milliseconds(40) })
        #expect(limiter.acquired == ["primary", "secondary", "primary", "secondary"])
        #expect(limiter.releasedErrors == [nil, nil, nil, nil])
        #expect(breaker.recordedAccounts == ["secondary", "secondary"])
    }
}
