import Foundation
import SluiceCore
import SluiceProviders
import SluiceTestSupport
import SluiceTraffic
import Synchronization
import Testing

@Suite("The circuit breaker of each provider account")
struct AccountBreakersTests {
    private let account = ProviderAccount(provider: "openai", key: "sk-test-one")
    private let other = ProviderAccount(provider: "openai", key: "sk-test-two")
    private let serverError = ProviderError(code: .serverError, message: "boom", provider: "openai")

    @Test func consecutiveFailuresOpenTheBreakerForTheCoolDownThenAProbeClosesIt() throws {
        let clock = ManualTimeSource()
        let heard = Recorder<String>()
        let breakers = AccountBreakers(
            policy: BreakerPolicy(failureThreshold: 3, coolDown: .seconds(30)), clock: clock
        ) { transition in
            heard.append("\(transition.from.name)→\(transition.to.name)")
        }
        for _ in 0..<2 { breakers.recordFailure(account, error: serverError) }
        #expect(breakers.admit(account) == .allowed)
        let opened = clock.date
        breakers.recordFailure(account, error: serverError)
        guard case .rejected(let until, let reason) = breakers.admit(account) else {
            Issue.record("an open breaker must refuse calls")
            return
        }
        let reopens = opened.addingTimeInterval(30)
        #expect(until == reopens)
        #expect(reason == "circuit open until \(reopens.formatted(.iso8601))")
        #expect(breakers.admit(other) == .allowed)
        clock.advance(by: .seconds(29))
        #expect(breakers.isRefusing(account))
        // The move to half-open waits for a call to arrive, and is timed when it does.
        clock.advance(by: .seconds(5))
        #expect(breakers.state(of: account).name == "open")
        guard case .probe(let halfOpen) = breakers.admit(account) else {
            Issue.record("the first call after the cool-down must be the probe")
            return
        }
        #expect(halfOpen.to.name == "half-open")
        #expect(halfOpen.date == opened.addingTimeInterval(34))
        #expect(halfOpen.description.hasSuffix("open → half-open: cool-down of 30s over; this call is the probe"))
        guard case .rejected(nil, let probing) = breakers.admit(account) else {
            Issue.record("only one probe at a time")
            return
        }
        #expect(probing.contains("probe call still in flight"))
        breakers.recordSuccess(account)
        #expect(breakers.admit(account) == .allowed)
        #expect(heard.values == ["closed→open", "open→half-open", "half-open→closed"])
        #expect(breakers.transitions.count == 3)
        #expect(try #require(breakers.transitions.last).date == opened.addingTimeInterval(34))
    }

    @Test func aFailedProbeOpensTheBreakerForAnotherCoolDown() {
        let clock = ManualTimeSource()
        let breakers = AccountBreakers(policy: BreakerPolicy(failureThreshold: 1, coolDown: .seconds(10)), clock: clock)
        breakers.recordFailure(account, error: serverError)
        clock.advance(by: .seconds(10))
        guard case .probe = breakers.admit(account) else {
            Issue.record("the first call after the cool-down must be the probe")
            return
        }
        let transition = breakers.recordFailure(account, error: serverError)
        #expect(transition?.description.hasSuffix("half-open → open: the probe failed (server-error)") == true)
        #expect(breakers.state(of: account) == .open(until: .seconds(20)))
        #expect(breakers.isRefusing(account))
    }

    @Test func eachProvidersPolicySetsItsThresholdAndCoolDown() {
        let clock = ManualTimeSource()
        let anthropic = ProviderAccount(provider: "anthropic", key: "sk-ant-test")
        let breakers = AccountBreakers(
            policiesByProvider: ["anthropic": BreakerPolicy(failureThreshold: 2, coolDown: .seconds(5))], clock: clock)
        let overloaded = ProviderError(code: .overloaded, message: "busy", provider: "anthropic")
        for _ in 0..<2 { breakers.recordFailure(anthropic, error: overloaded) }
        for _ in 0..<4 { breakers.recordFailure(account, error: serverError) }
        // Two failures open anthropic's; openai keeps the default of five.
        #expect(breakers.state(of: anthropic) == .open(until: .seconds(5)))
        #expect(breakers.state(of: account) == .closed(failures: 4))
        breakers.recordFailure(account, error: serverError)
        #expect(breakers.state(of: account) == .open(until: .seconds(30)))
        clock.advance(by: .seconds(5))
        #expect(!breakers.isRefusing(anthropic))
        #expect(breakers.isRefusing(account))
    }

    @Test func aProvidersSettingsGiveItsPolicyWithTheDefaultsForWhatTheyLeaveOut() {
        var settings = ProviderSettings(
            name: "vllm", kind: .openai, baseURL: "http://localhost", apiKeyEnvironmentVariable: nil)
        #expect(BreakerPolicy(settings) == .standard)
        #expect(BreakerPolicy.standard == BreakerPolicy(failureThreshold: 5, coolDown: .seconds(30)))
        settings.breakerFailures = 2
        #expect(BreakerPolicy(settings) == BreakerPolicy(failureThreshold: 2, coolDown: .seconds(30)))
        settings.breakerCoolDown = .seconds(90)
        #expect(BreakerPolicy(settings) == BreakerPolicy(failureThreshold: 2, coolDown: .seconds(90)))
    }

    @Test func aSuccessResetsTheCountAndRateLimitsDoNotCount() {
        let breakers = AccountBreakers(
            policy: BreakerPolicy(failureThreshold: 2, coolDown: .seconds(30)), clock: ManualTimeSource())
        breakers.recordFailure(account, error: serverError)
        breakers.recordSuccess(account)
        breakers.recordFailure(account, error: serverError)
        let rateLimited = ProviderError(code: .rateLimited, message: "slow", provider: "openai")
        breakers.recordFailure(account, error: rateLimited)
        breakers.recordFailure(account, error: ProviderError(code: .badRequest, message: "bad", provider: "openai"))
        #expect(breakers.state(of: account) == .closed(failures: 1))
    }

    @Test func aLostProbeIsReplacedAfterACoolDown() {
        let clock = ManualTimeSource()
        let breakers = AccountBreakers(policy: BreakerPolicy(failureThreshold: 1, coolDown: .seconds(10)), clock: clock)
        breakers.recordFailure(account, error: serverError)
        clock.advance(by: .seconds(10))
        guard case .probe = breakers.admit(account) else {
            Issue.record("the first call after the cool-down must be the probe")
            return
        }
        clock.advance(by: .seconds(10))
        guard case .probe(let replaced) = breakers.admit(account) else {
            Issue.record("a probe unanswered for a cool-down must be replaced")
            return
        }
        #expect(replaced.reason.contains("went unanswered for 10s"))
    }

    @Test func aDisabledAccountStaysRefusedForTheRestOfTheRun() {
        let clock = ManualTimeSource()
        let breakers = AccountBreakers(clock: clock)
        let auth = ProviderError(code: .authentication, message: "bad key; check OPENAI_API_KEY", provider: "openai")
        breakers.disable(account, because: auth)
        clock.advance(by: .seconds(3600))
        guard case .rejected(nil, let reason) = breakers.admit(account) else {
            Issue.record("a disabled account must be refused")
            return
        }
        #expect(reason.contains("OPENAI_API_KEY"))
        breakers.recordSuccess(account)
        #expect(breakers.state(of: account).name == "disabled")
    }

    @Test func accountsAreTheProviderAndAFingerprintOfTheKeyNeverTheKey() {
        #expect(account != other)
        #expect(account.id.hasPrefix("openai#"))
        #expect(!account.id.contains("sk-test"))
        #expect(ProviderAccount(provider: "local", key: nil).id == "local")
        #expect(ProviderAccount(provider: "openai", key: "sk-test-one") == account)
    }
}

/// Values appended by concurrent tasks, in the order they came.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) { storage.withLock { $0.append(value) } }

    var values: [Value] { storage.withLock { $0 } }
}
