import Foundation
import SluiceTestSupport
import Testing

/// The live-output latency measurement works end to end: every token is paired with the write
/// that showed it. The figure itself is a measurement (docs/performance.md), not asserted here.
@Suite(.timeLimit(.minutes(2)))
struct LiveLatencyTests {
    @Test("every streamed token is matched to a later write of sluice's stdout")
    func everyTokenIsPaired() async throws {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let words = Int(ProcessInfo.processInfo.environment["SLUICE_LATENCY_WORDS"] ?? "") ?? 30
        let summary = try await offThePool { try LiveLatency.measure(words: words, tokenInterval: .milliseconds(10)) }
        // "Mock reply from gpt-4.1-mini:" is four tokens before the prompt's words.
        #expect(summary.milliseconds.count == words + 4)
        #expect(summary.milliseconds.allSatisfy { $0 >= 0 })
        if ProcessInfo.processInfo.environment["SLUICE_REPORT_LATENCY"] != nil {
            print("live output latency: \(summary)")
        }
    }
}
