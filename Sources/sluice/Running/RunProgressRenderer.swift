import Foundation
import SluiceCore
import SluiceEngine

/// Renders a run's progress for stderr as its events arrive: steps starting and ending, the
/// progress line of fan-outs (``FanOutProgress``), failures with their errors.
///
/// Everything it renders goes through the run's redactor first, so a key that a `run:` step
/// writes to stderr shows as `[REDACTED]`. The text of streaming steps is not its business: it
/// goes to stdout (``LiveTextPrinter``, put together with this by ``RunDisplay``).
struct RunProgressRenderer {
    let quiet: Bool
    let usesColor: Bool
    let redactor: SecretRedactor
    private var fanOuts: FanOutProgress
    private var runStartedAt = Date()
    private var stepStartedAt: [String: Date] = [:]
    /// What the event being shown renders, gathered by ``emit(_:)``.
    private var rendered = ""

    /// `redrawsProgress`: whether the fan-out line is redrawn in place (stderr is a terminal
    /// that understands escape sequences) or printed as plain lines.
    init(quiet: Bool, usesColor: Bool, redrawsProgress: Bool, redactor: SecretRedactor) {
        self.quiet = quiet
        self.usesColor = usesColor
        self.redactor = redactor
        fanOuts = FanOutProgress(style: redrawsProgress ? .redrawn : .plainLines)
    }

    /// Whether a redrawn progress line is on the screen.
    var isProgressLineDrawn: Bool { fanOuts.isDrawn }

    /// What takes the redrawn progress line off the screen (before other text is written to the
    /// same terminal); it comes back with its next redraw.
    mutating func clearProgressLine() -> String {
        fanOuts.clear()
    }

    /// What to write to stderr for `event`. `pausingProgress` leaves the progress line undrawn
    /// (live text is in the middle of a line on the same terminal).
    mutating func render(_ event: RunEvent, pausingProgress: Bool = false) -> String {
        rendered = ""
        fanOuts.isPaused = pausingProgress
        let progress = quiet ? "" : fanOuts.handle(event)
        // A line cleared at a fan-out's end goes before the step's own line; a redraw goes after.
        let clearsFirst = progress == FanOutProgress.clearLine
        if clearsFirst { emit(progress) }
        switch event {
        case .runStarted(let runID, let pipeline, _, let at):
            runStartedAt = at
            write("run \(runID) \(dim("(\(pipeline))"))")
        case .stepStarted(let step, let kind, let itemCount, let at):
            stepStartedAt[step] = at
            write("  \(dim("started")) \(step) \(dim(kind.rawValue + (itemCount.map { ", \($0) items" } ?? "")))")
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
            emit(clearProgressLine() + reason.rendered(as: .warning, usesColor: usesColor) + "\n")
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
                emit(clearProgressLine() + warning.rendered(as: .warning, usesColor: usesColor) + "\n")
            }
            if result.status == .failed, let failure = result.failure, quiet {
                emit(failure.description + "\n")
            }
        case .itemStarted, .itemFinished, .attemptStarted, .attemptFinished, .usage, .textDelta, .streamRestarted:
            break
        }
        if !clearsFirst { emit(progress) }
        return rendered
    }

    private mutating func write(_ line: String) {
        guard !quiet else { return }
        emit(clearProgressLine() + line + "\n")
    }

    /// The one way text is rendered: redacted.
    private mutating func emit(_ text: String) {
        rendered += redactor.redact(text: text)
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
