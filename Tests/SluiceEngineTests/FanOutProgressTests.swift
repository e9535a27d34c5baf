import Foundation
import SluiceCore
import SluiceEngine
import Testing

/// The fan-out progress line, on the events' own clock: no test waits for time to pass.
@Suite
struct FanOutProgressTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let runID = RunID.generate()

    /// Item `index` of `step` finishing `seconds` after the start, with `tokens` and `cost`.
    static func finishing(
        _ index: Int, at seconds: Double, status: ExecutionStatus = .succeeded, tokens: Int = 30,
        cost: Double? = nil, step: String = "classify"
    ) -> [RunEvent] {
        let at = start.addingTimeInterval(seconds)
        let key = AttemptKey(runID: runID, step: step, itemIndex: index, number: 1)
        return [
            .attemptFinished(
                key,
                AttemptOutcome(
                    status: status, inputTokens: tokens - 10, outputTokens: 10, costUSD: cost, finishedAt: at)),
            .itemFinished(step: step, index: index, outcome: WorkOutcome(status: status, finishedAt: at)),
        ]
    }

    static func lines(_ progress: inout FanOutProgress, _ events: [RunEvent]) -> [String] {
        events.map { progress.handle($0) }.filter { !$0.isEmpty }
    }

    @Test("plain lines: one per tenth of the items, with rate, ETA, failures, tokens and cost")
    func plainLinesEveryTenth() {
        var progress = FanOutProgress(style: .plainLines)
        var events: [RunEvent] = [.stepStarted(step: "classify", kind: .model, itemCount: 20, at: Self.start)]
        for index in 0..<20 {
            events += Self.finishing(
                index, at: Double(index + 1) * 0.5, status: index == 3 ? .failed : .succeeded, cost: 0.001)
        }
        events.append(.stepFinished(step: "classify", outcome: WorkOutcome(status: .succeeded)))
        let lines = Self.lines(&progress, events)
        #expect(lines.count == 10)
        #expect(lines.first == "  classify  2/20  2.0/s  ETA 9s  60 tokens  $0.0020\n")
        #expect(lines[1] == "  classify  4/20  1 failed  2.0/s  ETA 8s  120 tokens  $0.0040\n")
        #expect(lines.last == "  classify  20/20  1 failed  2.0/s  600 tokens  $0.0200\n")
    }

    @Test("plain lines: a slow fan-out still prints every 10 seconds while items finish")
    func plainLinesWhileSlow() {
        var progress = FanOutProgress(style: .plainLines)
        var events: [RunEvent] = [.stepStarted(step: "classify", kind: .model, itemCount: 1000, at: Self.start)]
        for index in 0..<4 { events += Self.finishing(index, at: Double(index + 1) * 6) }
        let lines = Self.lines(&progress, events)
        // Items at 6, 12, 18 and 24 s: lines at 12 s (10 s after the start) and 24 s (12 s after that).
        #expect(
            lines == [
                "  classify  2/1000  0.2/s  ETA 1h39m  60 tokens\n",
                "  classify  4/1000  0.2/s  ETA 1h39m  120 tokens\n",
            ])
    }

    @Test("redrawn: the line is rewritten in place at most every 100 ms, and cleared when the step ends")
    func redrawnInPlace() {
        var progress = FanOutProgress(style: .redrawn)
        var events: [RunEvent] = [.stepStarted(step: "classify", kind: .model, itemCount: 4, at: Self.start)]
        events += Self.finishing(0, at: 1.0)
        events += Self.finishing(1, at: 1.05)
        events += Self.finishing(2, at: 1.2)
        events += Self.finishing(3, at: 1.21)
        let lines = Self.lines(&progress, events)
        #expect(
            lines == [
                "\r\u{1B}[2K  classify  1/4  1.0/s  ETA 3s  30 tokens",
                "\r\u{1B}[2K  classify  3/4  2.5/s  ETA 1s  90 tokens",
                "\r\u{1B}[2K  classify  4/4  3.3/s  120 tokens",
            ])
        #expect(progress.isDrawn)
        #expect(
            progress.handle(.stepFinished(step: "classify", outcome: WorkOutcome(status: .succeeded))) == "\r\u{1B}[2K")
        #expect(!progress.isDrawn)
    }

    @Test("redrawn: while paused nothing is drawn; the next redraw after the pause shows the count")
    func pausedRedraw() {
        var progress = FanOutProgress(style: .redrawn)
        _ = progress.handle(.stepStarted(step: "classify", kind: .model, itemCount: 10, at: Self.start))
        progress.isPaused = true
        #expect(Self.lines(&progress, Self.finishing(0, at: 1)).isEmpty)
        #expect(!progress.isDrawn)
        progress.isPaused = false
        #expect(
            Self.lines(&progress, Self.finishing(1, at: 2)) == ["\r\u{1B}[2K  classify  2/10  1.0/s  ETA 8s  60 tokens"]
        )
    }

    @Test("steps that are not fan-outs draw nothing")
    func singleSteps() {
        var progress = FanOutProgress(style: .plainLines)
        let events: [RunEvent] = [
            .stepStarted(step: "one", kind: .model, itemCount: nil, at: Self.start),
            .stepFinished(step: "one", outcome: WorkOutcome(status: .succeeded)),
        ]
        #expect(Self.lines(&progress, events).isEmpty)
    }
}
