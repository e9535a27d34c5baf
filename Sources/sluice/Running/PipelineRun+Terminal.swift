import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline

extension PipelineRun {
    /// Follows the run to its end in a terminal, as `sluice run` and `sluice resume` do: Ctrl-C
    /// and SIGTERM interrupt it, progress goes to stderr (none with `quiet`), the text of
    /// streaming steps goes to stdout as it arrives when `showsLiveText` (``RunDisplay``), a
    /// recording failure is warned about, and the outputs are printed on stdout (as JSON with
    /// `json`), except those live text already showed.
    func completeInTerminal(
        quiet: Bool, json: Bool, showsLiveText: Bool, redactor: SecretRedactor
    ) async
        -> RunOutcome
    {
        let signals = InterruptHandler { self.interrupt() }
        defer { signals.restore() }

        var display = RunDisplay(
            progress: RunProgressRenderer(
                quiet: quiet, usesColor: Terminal.errorUsesColor, redrawsProgress: TerminalStyle.standardErrorRedraws,
                redactor: redactor),
            live: showsLiveText
                ? LiveTextPrinter(redactor: redactor, usesColor: TerminalStyle.standardOutputUsesColor) : nil,
            sharesTerminal: TerminalStyle.standardOutputIsTerminal && TerminalStyle.standardErrorIsTerminal,
            trace: ProcessInfo.processInfo.environment["SLUICE_LIVE_TRACE"].flatMap { MonotonicLog(path: $0) })
        let outcome = await complete { event in display.show(event) }
        if let failure = outcome.recordingFailure {
            Terminal.printError("warning: the run was not fully recorded: \(failure)\n")
        }
        RunOutputPrinter.print(
            outcome.result, pipeline: plan.name, json: json, redactor: redactor, shown: display.shownOutputs)
        return outcome
    }
}
