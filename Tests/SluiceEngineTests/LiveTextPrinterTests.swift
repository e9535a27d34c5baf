import Foundation
import SluiceCore
import SluiceEngine
import Testing

/// What stdout shows of streamed answers: headers, the interleaving policy, redaction, restarts.
@Suite
struct LiveTextPrinterTests {
    static let runID = RunID.generate()

    static func key(_ step: String, item: Int? = nil, attempt: Int = 1) -> AttemptKey {
        AttemptKey(runID: runID, step: step, itemIndex: item, number: attempt)
    }

    static func finished(_ step: String, output: String) -> RunEvent {
        .stepFinished(step: step, outcome: WorkOutcome(status: .succeeded, output: .string(output)))
    }

    /// Everything the printer gives out for `events`, in order.
    static func printed(_ events: [RunEvent], redactor: SecretRedactor = SecretRedactor()) -> (String, LiveTextPrinter)
    {
        var printer = LiveTextPrinter(redactor: redactor, usesColor: false)
        let text = events.map { printer.handle($0) }.joined()
        return (text, printer)
    }

    @Test("one answer is printed live under a header naming its step, and its line is ended")
    func oneAnswer() {
        var printer = LiveTextPrinter(redactor: SecretRedactor(), usesColor: false)
        #expect(printer.handle(.textDelta(Self.key("story"), "Once ")) == "── story ──\nOnce ")
        #expect(printer.isMidLine)
        #expect(printer.handle(.textDelta(Self.key("story"), "upon a time.")) == "upon a time.")
        #expect(printer.handle(Self.finished("story", output: "Once upon a time.")) == "\n")
        #expect(!printer.isMidLine)
        #expect(printer.shownOutputs == ["story": "Once upon a time."])
    }

    @Test("two answers at once: the first is live, the second is held and printed whole, never mixed")
    func twoAnswersNeverInterleave() {
        let (text, _) = Self.printed([
            .textDelta(Self.key("left"), "L1 "),
            .textDelta(Self.key("right"), "R1 "),
            .textDelta(Self.key("left"), "L2 "),
            .textDelta(Self.key("right"), "R2 "),
            Self.finished("right", output: "R1 R2 "),
            .textDelta(Self.key("left"), "L3"),
            Self.finished("left", output: "L1 L2 L3"),
        ])
        #expect(text == "── left ──\nL1 L2 L3\n── right ──\nR1 R2 \n")
    }

    @Test("when the owner ends, a held answer that is still going prints what it has and goes on live")
    func aHeldAnswerTakesOver() {
        var printer = LiveTextPrinter(redactor: SecretRedactor(), usesColor: false)
        _ = printer.handle(.textDelta(Self.key("left"), "left "))
        #expect(printer.handle(.textDelta(Self.key("right"), "right ")).isEmpty)
        #expect(printer.handle(Self.finished("left", output: "left ")) == "\n── right ──\nright ")
        #expect(printer.handle(.textDelta(Self.key("right"), "more")) == "more")
    }

    @Test("fan-out items each get a header naming the item, one item at a time")
    func fanOutItems() {
        let (text, printer) = Self.printed([
            .textDelta(Self.key("reply", item: 1), "one "),
            .textDelta(Self.key("reply", item: 0), "zero "),
            .itemFinished(step: "reply", index: 0, outcome: WorkOutcome(status: .succeeded)),
            .textDelta(Self.key("reply", item: 1), "done"),
            .itemFinished(step: "reply", index: 1, outcome: WorkOutcome(status: .succeeded)),
            .stepFinished(step: "reply", outcome: WorkOutcome(status: .succeeded, output: ["zero ", "one done"])),
        ])
        #expect(text == "── reply · item 1 ──\none done\n── reply · item 0 ──\nzero \n")
        #expect(printer.shownOutputs.isEmpty)
    }

    @Test("a key split across two pieces is redacted, and an ordinary last word is not held back")
    func splitKeyIsRedacted() {
        let key = "sk-proj-abcdefghij0123456789ABCDEF"
        var printer = LiveTextPrinter(redactor: SecretRedactor(), usesColor: false)
        var text = printer.handle(.textDelta(Self.key("leak"), "the key is sk-proj-abcdefghij"))
        #expect(text == "── leak ──\nthe key is ")
        text += printer.handle(.textDelta(Self.key("leak"), "0123456789ABCDEF and more"))
        text += printer.handle(Self.finished("leak", output: "the key is \(key) and more"))
        #expect(!text.contains("0123456789"))
        #expect(text.hasSuffix("the key is [REDACTED] and more\n"))
        // A word that cannot start a secret is printed at once.
        var plain = LiveTextPrinter(redactor: SecretRedactor(), usesColor: false)
        #expect(plain.handle(.textDelta(Self.key("s"), "hello there")) == "── s ──\nhello there")
    }

    @Test("a restart ends the broken line, prints the marker, and the output is the new attempt's text")
    func restartMarker() {
        let failure = RunFailure("provider-stream-truncated", "the response ended early")
        let (text, printer) = Self.printed([
            .textDelta(Self.key("story"), "Once upon"),
            .streamRestarted(Self.key("story", attempt: 2), model: "openai/gpt-4.1", after: failure),
            .textDelta(Self.key("story", attempt: 2), "Once upon a time."),
            Self.finished("story", output: "Once upon a time."),
        ])
        #expect(
            text == "── story ──\nOnce upon\n── restarted on openai/gpt-4.1 after provider-stream-truncated ──\n"
                + "Once upon a time.\n")
        #expect(printer.shownOutputs == ["story": "Once upon a time."])
    }

    @Test("colour dims headers and markers only when asked for")
    func colour() {
        var printer = LiveTextPrinter(redactor: SecretRedactor(), usesColor: true)
        #expect(printer.handle(.textDelta(Self.key("story"), "hi")) == "\u{1B}[2m── story ──\u{1B}[0m\nhi")
    }

    @Test("a step that failed shows its text but is not counted as its output")
    func failedStepIsNotAnOutput() {
        let (text, printer) = Self.printed([
            .textDelta(Self.key("story"), "Once"),
            .stepFailed(step: "story", outcome: WorkOutcome(status: .failed)),
        ])
        #expect(text == "── story ──\nOnce\n")
        #expect(printer.shownOutputs.isEmpty)
    }
}
