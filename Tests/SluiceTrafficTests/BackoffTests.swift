import SluiceCore
import SluiceTraffic
import Testing

@Suite("Backoff with full jitter")
struct BackoffTests {
    private let backoff = Backoff(base: .milliseconds(500), cap: .seconds(8))

    private func wait(_ delay: Backoff.Delay) -> Duration? {
        if case .wait(let duration) = delay { return duration }
        return nil
    }

    @Test func theCeilingDoublesFromTheBaseUpToTheCap() {
        let ceilings = (1...6).map { backoff.ceiling(beforeRetry: $0) }
        #expect(
            ceilings == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
        #expect(backoff.ceiling(beforeRetry: 200) == .seconds(8))
    }

    @Test func jitteredWaitsStayWithinZeroAndTheCeilingAndSpreadAcrossIt() throws {
        var random = SeededRandom(seed: 42)
        for retry in 1...5 {
            let ceiling = backoff.ceiling(beforeRetry: retry)
            let waits = try (0..<2000).map { _ in
                try #require(wait(backoff.delay(beforeRetry: retry, fraction: random.nextFraction())))
            }
            #expect(waits.allSatisfy { $0 >= .zero && $0 <= ceiling })
            let fractions = waits.map { $0.seconds / ceiling.seconds }
            let mean = fractions.reduce(0, +) / Double(fractions.count)
            #expect(abs(mean - 0.5) < 0.03)
            // Spread over the whole range: every tenth of the ceiling gets its share.
            for decile in 0..<10 {
                let share = fractions.filter { Int($0 * 10) == decile }.count
                #expect((140...260).contains(share), "decile \(decile) of retry \(retry) got \(share) of 2000")
            }
        }
    }

    @Test func aFractionPicksThatShareOfTheCeiling() {
        #expect(backoff.delay(beforeRetry: 3, fraction: 0.5) == .wait(.seconds(1)))
        #expect(backoff.delay(beforeRetry: 3, fraction: 2) == .wait(.seconds(2)))
        #expect(backoff.delay(beforeRetry: 3, fraction: -1) == .wait(.zero))
        #expect(Backoff(base: .seconds(2), cap: .seconds(1)).cap == .seconds(2))
    }

    @Test func theProvidersDelayIsAFloorWithinTheCapAndNeverWaitedBeyondIt() {
        // Longer than the jittered wait: the provider's delay is waited in full.
        #expect(backoff.delay(beforeRetry: 1, serverDelay: .seconds(3), fraction: 1) == .wait(.seconds(3)))
        // Shorter than the jittered wait: the jitter stands.
        #expect(backoff.delay(beforeRetry: 4, serverDelay: .seconds(1), fraction: 1) == .wait(.seconds(4)))
        // Exactly the cap is still waited; past it, not at all.
        #expect(backoff.delay(beforeRetry: 1, serverDelay: .seconds(8), fraction: 0) == .wait(.seconds(8)))
        #expect(
            backoff.delay(beforeRetry: 1, serverDelay: .milliseconds(8001), fraction: 0)
                == .beyondCap(.milliseconds(8001)))
        #expect(!backoff.waits(for: .seconds(9)))
    }
}
