import SluiceCore
import SluiceEngine
import SluicePipeline

extension PipelineRun {
    /// Follows the run to its end in a terminal, as `sluice run` and `sluice resume` do: Ctrl-C
    /// and SIGTERM interrupt it, progress goes to stderr (none with `quiet`), a recording failure
    /// is warned about, and the outputs are printed on stdout (as JSON with `json`).
    func completeInTerminal(quiet: Bool, json: Bool, redactor: SecretRedactor) async -> RunOutcome {
        let signals = InterruptHandler { self.interrupt() }
        defer { signals.restore() }

        var progress = RunProgressRenderer(quiet: quiet, usesColor: Terminal.errorUsesColor, redactor: redactor)
        let outcome = await complete { event in progress.show(event) }
        if let failure = outcome.recordingFailure {
            Terminal.printError("warning: the run was not fully recorded: \(failure)\n")
        }
        RunOutputPrinter.print(outcome.result, pipeline: plan.name, json: json, redactor: redactor)
        return outcome
    }
}
