public import SluiceCore

/// Turns the streamed text of a run's `stream: true` steps into what stdout shows while the run
/// goes on: each answer under a header naming its step (and fan-out item), redacted, and never
/// two answers mixed on one line.
///
/// The interleaving policy: the first answer to send text owns the output and is shown as it
/// arrives; any other answer that sends text meanwhile is held in memory. When the owner ends
/// (its step or item finishes, fails or is cancelled), the held answer that began first is
/// printed up to where it has got, and takes over the output if it is still going. So every
/// answer is printed whole and in one piece, the first one live, and the run's total output
/// is never delayed past the end of the answer before it.
///
/// An answer that breaks off after some of it was shown and is started again on a retry or the
/// next model (``RunEvent/streamRestarted(_:model:after:)``) gets a marker line,
/// `── restarted on MODEL after CODE ──`, before the new text.
///
/// Feed it every event in order (``handle(_:)``) and write what it returns to stdout as it is.
public struct LiveTextPrinter: Sendable {
    /// One streamed answer: a model step's, or one fan-out item's.
    private struct Answer: Sendable {
        var redaction: StreamingRedactor
        /// Text ready to print that has not been printed (the answer is held, not the owner).
        var waiting = ""
        /// Whether the last character given out (printed or waiting) ended a line.
        var atLineStart = true
        /// The text of the current attempt, unredacted: what the step's output is when it succeeds.
        var attemptText = ""
        var ended = false
    }

    private struct AnswerID: Hashable, Sendable {
        var step: String
        var item: Int?
    }

    private let redactor: SecretRedactor
    private let usesColor: Bool
    private var answers: [AnswerID: Answer] = [:]
    /// Answers in the order their first text arrived; the first is the owner.
    private var order: [AnswerID] = []
    /// The text each non-fan-out step showed in full, by step: its output, already on the screen.
    public private(set) var shownOutputs: [String: String] = [:]

    /// A printer redacting with `redactor`; `usesColor` dims headers and markers.
    public init(redactor: SecretRedactor, usesColor: Bool) {
        self.redactor = redactor
        self.usesColor = usesColor
    }

    /// Whether an answer is being printed and its line is not finished: anything else written
    /// to the same terminal now would land in the middle of it.
    public var isMidLine: Bool {
        guard let owner = order.first, let answer = answers[owner] else { return false }
        return !answer.atLineStart
    }

    /// Ends the line the owning answer is in the middle of (something else is about to be
    /// written to the same terminal); its text goes on on the next line.
    public mutating func breakLine() -> String {
        guard let owner = order.first, answers[owner]?.atLineStart == false else { return "" }
        answers[owner]?.atLineStart = true
        return "\n"
    }

    /// What to write to stdout for `event` (often nothing).
    public mutating func handle(_ event: RunEvent) -> String {
        switch event {
        case .textDelta(let key, let text):
            let id = AnswerID(step: key.step, item: key.itemIndex)
            return give(id, begin(id) + shown(id, text))
        case .streamRestarted(let key, let model, let failure):
            let id = AnswerID(step: key.step, item: key.itemIndex)
            var text = begin(id) + endLine(id)
            text += paint("── restarted on \(model) after \(failure.code) ──") + "\n"
            answers[id]?.atLineStart = true
            answers[id]?.attemptText = ""
            return give(id, text)
        case .itemFinished(let step, let index, _):
            return end(AnswerID(step: step, item: index))
        case .stepFinished(let step, _), .stepFailed(let step, _), .stepSkipped(let step, _):
            if let text = answers[AnswerID(step: step, item: nil)]?.attemptText, event.isStepSuccess {
                shownOutputs[step] = text
            }
            var text = ""
            for id in order where id.step == step { text += end(id) }
            return text
        case .runFinished:
            var text = ""
            for id in order { text += end(id) }
            return text
        default:
            return ""
        }
    }

    // MARK: - Answers

    /// The header, the first time `id` sends text.
    private mutating func begin(_ id: AnswerID) -> String {
        guard answers[id] == nil else { return "" }
        answers[id] = Answer(redaction: StreamingRedactor(redactor: redactor))
        order.append(id)
        let name = id.item.map { "\(id.step) · item \($0)" } ?? id.step
        return paint("── \(name) ──") + "\n"
    }

    /// `text` of answer `id`, redacted as far as can be shown now.
    private mutating func shown(_ id: AnswerID, _ text: String) -> String {
        guard var answer = answers[id] else { return "" }
        answer.attemptText += text
        let printable = answer.redaction.feed(text)
        if let last = printable.last { answer.atLineStart = last == "\n" }
        answers[id] = answer
        return printable
    }

    /// What is held back, and a newline if the answer's line is open.
    private mutating func endLine(_ id: AnswerID) -> String {
        guard var answer = answers[id] else { return "" }
        var text = answer.redaction.finish()
        if let last = text.last { answer.atLineStart = last == "\n" }
        if !answer.atLineStart { text += "\n" }
        answer.atLineStart = true
        answers[id] = answer
        return text
    }

    /// Prints `text` if `id` owns the output; holds it otherwise. Returns what to print now.
    private mutating func give(_ id: AnswerID, _ text: String) -> String {
        if order.first == id { return text }
        answers[id]?.waiting += text
        return ""
    }

    /// Ends answer `id` and hands the output on to the next answer when `id` owned it.
    private mutating func end(_ id: AnswerID) -> String {
        guard answers[id] != nil, answers[id]?.ended == false else { return "" }
        var text = give(id, endLine(id))
        answers[id]?.ended = true
        guard order.first == id else { return text }
        order.removeFirst()
        answers[id] = nil
        // Hand over: print what the next answers have so far; a finished one is printed whole
        // and the next one is taken, until one is still going (it owns the output now).
        while let next = order.first, var answer = answers[next] {
            text += answer.waiting
            answer.waiting = ""
            answers[next] = answer
            guard answer.ended else { break }
            order.removeFirst()
            answers[next] = nil
        }
        return text
    }

    private func paint(_ text: String) -> String {
        usesColor ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }
}

extension RunEvent {
    /// Whether this is a step that finished with an output.
    fileprivate var isStepSuccess: Bool {
        if case .stepFinished = self { return true }
        return false
    }
}
