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

    @Test func consecutiveFailuresOpenTheBreakerForTheCoolDownThenAProbeClosesIt() {
        let clock = ManualTimeSource()
        let heard = Recorder<String>()
        let breakers = AccountBreakers(failureThreshold: 3, coolDown: .seconds(30), clock: clock) { transition in
            heard.append("\(transition.from.name)→\(transition.to.name)")
        }
        for _ in 0..<2 { breakers.recordFailure(account, error: serverError) }
        #expect(breakers.admit(account) == .allowed)
        breakers.recordFailure(account, error: serverError)
        guard case .rejected(let retryIn, _) = breakers.admit(account) else {
            Issue.record("an open breaker must refuse calls")
            return
        }
        #expect(retryIn == .seconds(30))
        #expect(breakers.admit(other) == .allowed)
        clock.advance(by: .seconds(30))
        #expect(breakers.admit(account) == .probe)
        guard case .rejected = breakers.admit(account) else {
            Issue.record("only one probe at a time")
            return
        }
        breakers.recordSuccess(account)
        #expect(breakers.admit(account) == .allowed)
        #expect(heard.values == ["closed→open", "open→half-open", "half-open→closed"])
        #expect(breakers.transitions.count == 3)
    }

    @Test func aFailedProbeOpensTheBreakerForAnotherCoolDown() {
        let clock = ManualTimeSource()
        let breakers = AccountBreakers(failureThreshold: 1, coolDown: .seconds(10), clock: clock)
        breakers.recordFailure(account, error: serverError)
        clock.advance(by: .seconds(10))
        #expect(breakers.admit(account) == .probe)
        breakers.recordFailure(account, error: serverError)
        #expect(breakers.state(of: account) == .open(until: .seconds(20)))
    }

    @Test func aSuccessResetsTheCountAndRateLimitsDoNotCount() {
        let breakers = AccountBreakers(failureThreshold: 2, clock: ManualTimeSource())
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
        let breakers = AccountBreakers(failureThreshold: 1, coolDown: .seconds(10), clock: clock)
        breakers.recordFailure(account, error: serverError)
        clock.advance(by: .seconds(10))
        #expect(breakers.admit(account) == .probe)
        clock.advance(by: .seconds(10))
        #expect(breakers.admit(account) == .probe)
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
