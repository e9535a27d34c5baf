import SluiceCore
import SluiceProviders
import SluiceTraffic
import Testing

@Suite("Backoff with full jitter, and which delay wins")
struct BackoffTests {
    private let backoff = Backoff(base: .milliseconds(500), cap: .seconds(8), attempts: 4)

    @Test func theCeilingDoublesFromTheBaseUpToTheCap() {
        let ceilings = (1...6).map { backoff.ceiling(beforeRetry: $0) }
        #expect(
            ceilings == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
        #expect(backoff.ceiling(beforeRetry: 200) == .seconds(8))
    }

    @Test func jitteredWaitsStayWithinZeroAndTheCeilingAndSpreadAcrossIt() {
        var random = SeededRandom(seed: 42)
        for retry in 1...5 {
            let ceiling = backoff.ceiling(beforeRetry: retry)
            let waits = (0..<2000).map { _ in backoff.jitteredWait(beforeRetry: retry, using: &random) }
            #expect(waits.allSatisfy { $0 >= .zero && $0 <= ceiling })
            let fractions = waits.map { $0.seconds / ceiling.seconds }
            let mean = fractions.reduce(0, +) / Double(fractions.count)
            #expect(abs(mean - 0.5) < 0.03)
            #expect(fractions.filter { $0 < 0.1 }.count > 100)
            #expect(fractions.filter { $0 > 0.9 }.count > 100)
        }
    }

    @Test func theSameSeedGivesTheSameWaits() {
        var first = SeededRandom(seed: 7)
        var second = SeededRandom(seed: 7)
        let a = (1...4).map { backoff.jitteredWait(beforeRetry: $0, using: &first) }
        let b = (1...4).map { backoff.jitteredWait(beforeRetry: $0, using: &second) }
        #expect(a == b)
    }

    @Test func theProvidersDelayWinsOverTheBackoffWhenWithinTheCap() {
        var random = SeededRandom(seed: 1)
        let error = ProviderError(code: .rateLimited, message: "slow down", provider: "openai", retryAfter: .seconds(3))
        #expect(backoff.delay(beforeRetry: 1, after: error, using: &random) == .wait(.seconds(3), source: .provider))
    }

    @Test func aProviderDelayLongerThanTheCapIsReportedInsteadOfSlept() {
        var random = SeededRandom(seed: 1)
        let error = ProviderError(code: .rateLimited, message: "later", provider: "openai", retryAfter: .seconds(90))
        #expect(backoff.delay(beforeRetry: 1, after: error, using: &random) == .exceedsCap(.seconds(90)))
    }

    @Test func withoutAProviderDelayTheJitteredBackoffIsUsed() {
        var random = SeededRandom(seed: 1)
        let error = ProviderError(code: .serverError, message: "boom", provider: "openai")
        guard case .wait(let wait, .backoff) = backoff.delay(beforeRetry: 2, after: error, using: &random) else {
            Issue.record("expected a backoff wait")
            return
        }
        #expect(wait <= .seconds(1))
    }

    @Test func attemptsCountTheFirstCall() {
        #expect(backoff.allowsRetry(afterAttempts: 3))
        #expect(!backoff.allowsRetry(afterAttempts: 4))
        #expect(!Backoff(base: .zero, cap: .zero, attempts: 0).allowsRetry(afterAttempts: 1))
    }
}
