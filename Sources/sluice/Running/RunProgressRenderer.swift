import Foundation
import SluiceCore
import SluiceEngine

/// Shows a run's progress on stderr as its events arrive: steps starting and ending, fan-out
/// progress, failures with their errors, and the text of streaming steps as it comes.
///
/// Everything it prints goes through the run's redactor first, so a key that a `run:` step
/// writes to stderr, or a model echoes, shows as `[REDACTED]`. Streamed text is held back from
/// its last whitespace until the next piece arrives, so a key split across two pieces is caught.
struct RunProgressRenderer {
    let quiet: Bool
    let usesColor: Bool
    let redactor: SecretRedactor
    /// Streamed text after its last whitespace, not yet printed: it may be the start of a key.
    private var heldText = ""
    private var itemTotals: [String: Int] = [:]
    private var itemsDone: [String: Int] = [:]
    private var streamingLine = false
    private var runStartedAt = Date()
    private var stepStartedAt: [String: Date] = [:]

    init(quiet: Bool, usesColor: Bool, redactor: SecretRedactor) {
        self.quiet = quiet
        self.usesColor = usesColor
        self.redactor = redactor
    }

    mutating func show(_ event: RunEvent) {
        switch event {
        case .runStarted(let runID, let pipeline, _, let at):
            runStartedAt = at
            write("run \(runID) \(dim("(\(pipeline))"))")
        case .stepStarted(let step, let kind, let itemCount, let at):
            stepStartedAt[step] = at
            if let itemCount { itemTotals[step] = itemCount }
            write("  \(dim("started")) \(step) \(dim(kind.rawValue + (itemCount.map { ", \($0) items" } ?? "")))")
        case .itemFinished(let step, _, _):
            itemsDone[step, default: 0] += 1
            if let total = itemTotals[step], total >= 20, let done = itemsDone[step], done % max(1, total / 10) == 0 {
                write("  \(dim("…")) \(step) \(done)/\(total)")
            }
        case .textDelta(let key, let text):
            guard !quiet, key.itemIndex == nil else { return }
            streamingLine = true
            let pending = heldText + text
            if let cut = pending.lastIndex(where: \.isWhitespace) {
                emit(String(pending[...cut]))
                heldText = String(pending[pending.index(after: cut)...])
            } else {
                heldText = pending
            }
            // A token this long is not a key being split; keep the output flowing.
            if heldText.utf8.count > 4096 {
                emit(heldText)
                heldText = ""
            }
        case .stepFinished(let step, let outcome):
            write("  \(color("ok", 32)) \(step) \(dim(took(step, outcome)))")
        case .stepSkipped(let step, _):
            write("  \(color("skipped", 33)) \(step) \(dim("(when was false; output null)"))")
        case .stepFailed(let step, let outcome):
            let label = outcome.status == .failed ? color("FAILED", 31) : color(outcome.status.rawValue, 33)
            write("  \(label) \(step)")
            if let failure = outcome.failure {
                write(
                    failure.description.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
                        .joined(separator: "\n"))
            }
        case .retryScheduled(let key, let delay, let reason):
            write("  \(dim("retry")) \(label(key)) in \(delay.readable) \(dim("(\(reason.code))"))")
        case .fellBack(let key, let next, let reason):
            write("  \(dim("fallback")) \(label(key)) → \(next) \(dim("(\(reason.code))"))")
        case .breakerChanged(_, _, let change):
            write("  \(dim(change))")
        case .callSkipped(let skipped):
            write(
                "  \(dim("skip")) \(skipped.step)\(skipped.itemIndex.map { "[\($0)]" } ?? "") \(dim(skipped.message))")
        case .accountDisabled(_, _, let reason):
            // Loud even with --quiet: a broken key or address needs a person.
            endStreamingLine()
            emit(reason.rendered(as: .warning, usesColor: usesColor) + "\n")
        case .runFinished(let result):
            let took = Date().timeIntervalSince(runStartedAt)
            let status: String
            switch result.status {
            case .succeeded: status = color("succeeded", 32)
            case .interrupted: status = color("interrupted", 33)
            default: status = color(result.status.rawValue, 31)
            }
            write(
                "run \(result.runID) \(status) in \(String(format: "%.2f", took))s  \(dim("sluice show \(result.runID)"))"
            )
            for warning in result.warnings {
                emit(warning.rendered(as: .warning, usesColor: usesColor) + "\n")
            }
            if result.status == .failed, let failure = result.failure, quiet {
                emit(failure.description + "\n")
            }
        case .itemStarted, .attemptStarted, .attemptFinished, .usage:
            break
        }
    }

    private mutating func write(_ line: String) {
        guard !quiet else { return }
        endStreamingLine()
        emit(line + "\n")
    }

    /// Prints the held streamed text and ends its line, before anything else is printed.
    private mutating func endStreamingLine() {
        guard streamingLine else { return }
        streamingLine = false
        emit(heldText + "\n")
        heldText = ""
    }

    /// The one way text reaches stderr: redacted.
    private func emit(_ text: String) {
        Terminal.printError(redactor.redact(text: text))
    }

    private func took(_ step: String, _ outcome: WorkOutcome) -> String {
        guard let start = stepStartedAt[step] else { return "" }
        return String(format: "%.2fs", max(0, outcome.finishedAt.timeIntervalSince(start)))
    }

    private func label(_ key: AttemptKey) -> String {
        key.step + (key.itemIndex.map { "[\($0)]" } ?? "") + " attempt \(key.number)"
    }

    private func dim(_ text: String) -> String { color(text, 2) }

    private func color(_ text: String, _ code: Int) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
