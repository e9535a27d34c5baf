import ArgumentParser
import SluiceCore
import SluiceEngine

/// How a run executes and what it shows: the options `sluice run` and `sluice resume` share.
struct RunExecutionOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the run's id, status and outputs as JSON on stdout.")
    var json = false

    @Option(name: .long, help: "The most model calls and commands in flight at once across the run.")
    var concurrency: Int = 16

    @Flag(name: .long, help: "Cancel everything as soon as one step fails.")
    var failFast = false

    @Flag(
        name: .long,
        help: "Log each provider request on stderr (method, URL, status, timings, rate limits; never keys).")
    var verbose = false

    @Flag(name: .long, help: "Print no progress on stderr (diagnostics still appear).")
    var quiet = false

    @Flag(
        inversion: .prefixedNo,
        help:
            "Show the text of 'stream: true' steps on stdout as it arrives (the default when stdout is a terminal and --json is not given)."
    )
    var stream: Bool?

    @Option(name: .long, help: "The longest the whole run may take, e.g. 10m.")
    var timeout: String?

    /// Checks the options against each other and returns `--timeout` as a duration; a
    /// contradiction or a value out of range is printed and ends the command with exit 2.
    func checkedTimeout() throws -> Duration? {
        if stream == true && json {
            Terminal.printError(
                "error: --stream cannot be used with --json: live text and the JSON result would mix on stdout; "
                    + "drop one of them\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        guard concurrency >= 1 else {
            Terminal.printError("error: --concurrency must be at least 1\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        guard let timeout else { return nil }
        return try DurationOption.parse(timeout, option: "--timeout")
    }

    /// Whether live text is shown: `--stream`/`--no-stream`, else when stdout is a terminal, the
    /// result is not JSON and the run is not a scheduled one (whose output goes to its log).
    func showsLiveText(scheduled: Bool = false) -> Bool {
        stream ?? (TerminalStyle.standardOutputIsTerminal && !json && !scheduled)
    }

    /// The engine's options for a run in `workingDirectory` that gives up after `timeout`.
    func runOptions(timeout: Duration?, workingDirectory: String, showsLiveText: Bool) -> RunOptions {
        RunOptions(
            concurrency: concurrency, failFast: failFast, timeout: timeout, workingDirectory: workingDirectory,
            showsLiveText: showsLiveText)
    }
}
