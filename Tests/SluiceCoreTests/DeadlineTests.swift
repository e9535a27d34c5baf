import SluiceCore
import SluiceTestSupport
import Testing

@Suite("Deadlines measured on an injected clock")
struct DeadlineTests {
    @Test func workThatOutlastsItsLimitIsCancelledWhenTheClockPassesIt() async throws {
        let clock = ManualTimeSource()
        let work = Task {
            try await withDeadline(.seconds(5), clock: clock) {
                try await clock.sleep(for: .seconds(60))
                return "finished"
            }
        }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(5))
        await #expect(throws: DeadlineExceeded(limit: .seconds(5))) { try await work.value }
        #expect(clock.pendingSleeps.isEmpty)
    }

    @Test func workThatFinishesInTimeReturnsItsValue() async throws {
        let clock = ManualTimeSource()
        let value = try await withDeadline(.seconds(5), clock: clock) { "quick" }
        #expect(value == "quick")
        #expect(clock.now == .zero)
    }

    @Test func readableDurationsAreShort() {
        #expect(Duration.milliseconds(250).readable == "250ms")
        #expect(Duration.seconds(2).readable == "2s")
        #expect(Duration.milliseconds(1500).readable == "1.5s")
        #expect(Duration.fromMilliseconds(12.5).milliseconds == 12.5)
    }
}
