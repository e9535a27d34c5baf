import SluiceCore
import SluiceEngine

/// What `sluice run` shows while a run goes on: the live text of streaming steps on stdout
/// (``LiveTextPrinter``) and progress on stderr (``RunProgressRenderer``), kept out of each
/// other's lines when both go to the same terminal.
///
/// On a shared terminal the redrawn progress line is cleared before live text is written and
/// not redrawn while an answer's line is unfinished; a progress line (a step ending, a retry)
/// that comes while an answer's line is unfinished first ends that line.
struct RunDisplay {
    private var progress: RunProgressRenderer
    private var live: LiveTextPrinter?
    /// Whether stdout and stderr are both terminals, taken to be one screen.
    private let sharesTerminal: Bool
    /// With `SLUICE_LIVE_TRACE=FILE`: each write of live text, stamped as it returns, for measuring
    /// the latency from a chunk's arrival to its write (docs/performance.md).
    private let trace: MonotonicLog?

    /// A display with `progress` on stderr and, when given, `live` text on stdout.
    init(progress: RunProgressRenderer, live: LiveTextPrinter?, sharesTerminal: Bool, trace: MonotonicLog? = nil) {
        self.progress = progress
        self.live = live
        self.sharesTerminal = sharesTerminal
        self.trace = trace
    }

    /// The text each step that streamed its whole output showed, by step.
    var shownOutputs: [String: String] { live?.shownOutputs ?? [:] }

    mutating func show(_ event: RunEvent) {
        if var printer = live {
            let text = printer.handle(event)
            live = printer
            if !text.isEmpty {
                if sharesTerminal { Terminal.printError(progress.clearProgressLine()) }
                Terminal.printOutput(text)
                trace?.record(text)
            }
        }
        let midLine = sharesTerminal && live?.isMidLine == true
        let text = progress.render(event, pausingProgress: midLine)
        guard !text.isEmpty else { return }
        if midLine, var printer = live {
            Terminal.printOutput(printer.breakLine())
            live = printer
        }
        Terminal.printError(text)
    }
}
