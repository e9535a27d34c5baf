import Foundation
import SluiceCore

/// The progress line of a run's fan-out steps: items done of the total, failures, items per
/// second, the time left at that rate, tokens and cost so far (of finished attempts; the cost
/// only when some attempt had a price).
///
/// ```
/// classify  40/100  2 failed  12.5/s  ETA 5s  3210 tokens  $0.0123
/// ```
///
/// Time is read from the events (each carries the run clock's date), never from a clock of its
/// own, so a test that drives the run on a `ManualTimeSource` gets the same lines every time.
///
/// Two ways to show it (``Style``): on a terminal the line is redrawn in place, at most every
/// ``redrawInterval``; elsewhere (a log, a pipe, `TERM=dumb`) a plain line is printed each time
/// another tenth of the items is done, and at least every ``plainLineInterval`` while items keep
/// finishing.
public struct FanOutProgress: Sendable {
    /// How the line is shown.
    public enum Style: Sendable {
        /// Redrawn in place: the returned text starts with a carriage return and clears the line.
        case redrawn
        /// A new line each time it is printed.
        case plainLines
    }

    /// The least time between two redraws of the line on a terminal.
    public static let redrawInterval = Duration.milliseconds(100)
    /// The longest time between two plain lines while items keep finishing.
    public static let plainLineInterval = Duration.seconds(10)

    private struct Step: Sendable {
        var total: Int
        var startedAt: Date
        var done = 0
        var failed = 0
        var tokens = 0
        var costUSD: Double?
        var lastShownAt: Date?
        var lastShownTenth = 0
        var lastShownDone = 0
    }

    /// What clears a redrawn line: a carriage return, then "erase the whole line".
    public static let clearLine = "\r\u{1B}[2K"

    private let style: Style
    private var steps: [String: Step] = [:]
    /// Whether a redrawn line is on the screen now.
    public private(set) var isDrawn = false
    /// While paused, the redrawn line is not drawn (something else is in the middle of a line on
    /// the same terminal); counting goes on, and the next redraw after the pause shows it.
    public var isPaused = false

    /// Progress shown in `style`.
    public init(style: Style) {
        self.style = style
    }

    /// What to write to stderr for `event`: a redrawn line (no newline), a plain line, or nothing.
    public mutating func handle(_ event: RunEvent) -> String {
        switch event {
        case .stepStarted(let step, _, let itemCount?, let at):
            steps[step] = Step(total: itemCount, startedAt: at)
        case .attemptFinished(let key, let outcome):
            guard var step = steps[key.step] else { return "" }
            step.tokens += (outcome.inputTokens ?? 0) + (outcome.outputTokens ?? 0)
            if let cost = outcome.costUSD { step.costUSD = (step.costUSD ?? 0) + cost }
            steps[key.step] = step
        case .itemFinished(let name, _, let outcome):
            guard var step = steps[name] else { return "" }
            step.done += 1
            if outcome.status == .failed { step.failed += 1 }
            defer { steps[name] = step }
            return update(name, &step, at: outcome.finishedAt)
        case .stepFinished(let name, _), .stepFailed(let name, _), .stepSkipped(let name, _):
            guard steps.removeValue(forKey: name) != nil else { return "" }
            return clear()
        default:
            break
        }
        return ""
    }

    /// Takes a redrawn line off the screen (before something else is printed there); it comes
    /// back with the next redraw.
    public mutating func clear() -> String {
        guard isDrawn else { return "" }
        isDrawn = false
        return Self.clearLine
    }

    /// The line for `name` if it is due.
    private mutating func update(_ name: String, _ step: inout Step, at now: Date) -> String {
        let finished = step.done == step.total
        switch style {
        case .redrawn:
            if isPaused { return "" }
            if let last = step.lastShownAt, !finished,
                now.timeIntervalSince(last) < Self.redrawInterval.seconds
            {
                return ""
            }
            step.lastShownAt = now
            isDrawn = true
            return Self.clearLine + line(name, step, at: now)
        case .plainLines:
            let tenth = step.total == 0 ? 10 : step.done * 10 / step.total
            let quietFor = now.timeIntervalSince(step.lastShownAt ?? step.startedAt)
            guard
                tenth > step.lastShownTenth
                    || (quietFor >= Self.plainLineInterval.seconds && step.done > step.lastShownDone)
            else { return "" }
            step.lastShownTenth = tenth
            step.lastShownDone = step.done
            step.lastShownAt = now
            return line(name, step, at: now) + "\n"
        }
    }

    /// `name  done/total  [N failed]  R/s  ETA T  N tokens  $C`.
    private func line(_ name: String, _ step: Step, at now: Date) -> String {
        var parts = ["\(name)", "\(step.done)/\(step.total)"]
        if step.failed > 0 { parts.append("\(step.failed) failed") }
        let elapsed = now.timeIntervalSince(step.startedAt)
        if elapsed > 0, step.done > 0 {
            let rate = Double(step.done) / elapsed
            parts.append(String(format: rate >= 10 ? "%.0f/s" : "%.1f/s", rate))
            if step.done < step.total {
                parts.append("ETA " + Self.readable(seconds: Double(step.total - step.done) / rate))
            }
        }
        parts.append("\(step.tokens) tokens")
        if let cost = step.costUSD { parts.append(String(format: "$%.4f", cost)) }
        return "  " + parts.joined(separator: "  ")
    }

    /// Whole seconds, minutes and hours: `7s`, `2m05s`, `1h02m`.
    static func readable(seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, total % 3600 / 60)
    }
}
