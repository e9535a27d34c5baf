import SluiceCore
import SluiceTraffic
import Testing

@Suite("Backoff with full jitter")
struct BackoffTests {
    private let backoff = Backoff(base: .milliseconds(500), cap: .seconds(8))

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

    @Test func aFractionPicksThatShareOfTheCeiling() {
        #expect(backoff.wait(beforeRetry: 3, fraction: 0.5) == .seconds(1))
        #expect(backoff.wait(beforeRetry: 3, fraction: 2) == .seconds(2))
        #expect(backoff.wait(beforeRetry: 3, fraction: -1) == .zero)
        #expect(Backoff(base: .seconds(2), cap: .seconds(1)).cap == .seconds(2))
    }
}
