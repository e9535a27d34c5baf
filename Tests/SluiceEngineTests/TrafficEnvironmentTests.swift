import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceTestSupport
import SluiceTraffic
import Testing

/// The executor on the real traffic layer (``TrafficRequestLimiter``, ``TrafficCircuitBreaker``)
/// with scripted providers and the test clock.
@Suite(.timeLimit(.minutes(1)))
struct TrafficEnvironmentTests {
    private let accounts = [
        "primary": ProviderAccount(provider: "primary", key: "primary-key"),
        "secondary": ProviderAccount(provider: "secondary", key: "secondary-key"),
    ]

    @Test func theLimitersWaitIsTheAttemptsLimiterWait() async throws {
        let clock = ManualTimeSource()
        let limits = ["primary": TrafficLimits(requestsPerMinute: 60)]
        let limiter = TrafficRequestLimiter(
            limiter: RateLimiter(limits: limits, clock: clock), accounts: accounts)
        let providers = ProviderRegistry(
            ["primary": ScriptedProvider(name: "primary"), "secondary": ScriptedProvider(name: "secondary")],
            settings: EngineHarness.config.providers)
        let run = try await EngineHarness.run(
            "chain", providers: providers, clock: clock,
            configure: { $0.requestLimiter = limiter },
            onEvent: { event, clock in
                if case .stepStarted(step: "again", _, _, _) = event {
                    await clock.waitForSleepers(1)
                    clock.advance(by: .seconds(2))
                }
            })
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        // 60 a minute: the second step's call waits for the first one's interval.
        #expect(run.attemptStarts.map(\.limiterWait) == [.zero, .seconds(2)])
    }

    @Test func aProviderDelayLongerThanTheStepsRetryCapMovesToTheFallbackAtOnce() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.failure(.rateLimited, status: 429, retryAfter: .seconds(5))]])
        let providers = ProviderRegistry(
            ["primary": primary, "secondary": ScriptedProvider(name: "secondary")],
            settings: EngineHarness.config.providers)
        let run = try await EngineHarness.run("retrycap", providers: providers)
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(primary.callCount(of: "first") == 1)
        #expect(run.attemptStarts.map(\.provider) == ["primary", "secondary"])
    }

    @Test func aProviderWithoutAnAccountIsNotLimited() async throws {
        let clock = ManualTimeSource()
        let limited = TrafficRequestLimiter(
            limiter: RateLimiter(limits: ["primary": TrafficLimits(requestsPerMinute: 1)], clock: clock),
            accounts: ["primary": accounts["primary"] ?? ProviderAccount(provider: "primary", key: nil)])
        let request = ModelRequest(model: "default", messages: [.user("hi")])
        for _ in 0..<3 {
            let grant = try await limited.acquire(account: "local", request: request, lane: "step")
            #expect(grant.waited == .zero)
        }
        _ = try await limited.acquire(account: "primary", request: request, lane: "step")
        let waiting = Task { try await limited.acquire(account: "primary", request: request, lane: "step") }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(62))
        #expect(try await waiting.value.waited == .seconds(62))
    }
}
