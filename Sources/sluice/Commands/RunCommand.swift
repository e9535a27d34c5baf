import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore

/// `sluice run NAME`: runs a pipeline, records it in the store, prints its outputs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline and print its outputs.",
        discussion: """
            Outputs go to stdout, progress and diagnostics to stderr. Exit codes: 0 the run succeeded, \
            1 the run failed, 2 invalid input or usage, 3 stopped by its budget (reserved), 130 interrupted.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(
        name: [.customShort("i"), .customLong("input")],
        help: "An input as name=value (JSON for typed inputs, @file to read a file). Overrides --inputs.")
    var inputs: [String] = []

    @Option(name: .customLong("inputs"), help: "A JSON object of inputs read from FILE, or from stdin with '-'.")
    var inputsFile: String?

    @Flag(name: .long, help: "Print the run's id, status and outputs as JSON on stdout.")
    var json = false

    @Option(name: .long, help: "The most model calls and commands in flight at once across the run.")
    var concurrency: Int = 16

    @Flag(name: .long, help: "Cancel everything as soon as one step fails.")
    var failFast = false

    @Flag(name: .long, help: "Print no progress on stderr (diagnostics still appear).")
    var quiet = false

    @Option(name: .long, help: "The longest the whole run may take, e.g. 10m.")
    var timeout: String?

    @Argument(help: "The pipeline to run.")
    var pipeline: String

    func run() async throws {
        guard concurrency >= 1 else {
            Terminal.printError("error: --concurrency must be at least 1\n")
            throw ExitCode(2)
        }
        var runTimeout: Duration?
        if let timeout {
            do throws(DiagnosticError) {
                runTimeout = try DurationParser.parse(timeout)
            } catch {
                Terminal.printDiagnostics(error.diagnostics, files: nil)
                throw ExitCode(2)
            }
        }
        let project = try projectOptions.locate()
        var loader = ProjectLoader(project: project)
        let plan = try loader.planOrExit(named: pipeline)
        let values: JSONObject
        do throws(DiagnosticError) {
            let assignments = try InputsFile.assignments(from: inputsFile) + inputs
            values = try PipelineInputs.resolve(
                assignments, for: plan.definition, workingDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: loader.files)
            throw ExitCode(2)
        }

        let store = try openStore(project: project, config: loader.config)
        let record: RunRecord
        do {
            record = try await store.createRun(pipeline: plan.name, inputs: .object(values))
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(1)
        }
        let executor = PipelineExecutor(
            plan: plan, providers: .standard(config: loader.config),
            options: RunOptions(
                concurrency: concurrency, failFast: failFast, timeout: runTimeout, workingDirectory: project.root))
        let execution = executor.start(runID: record.id, inputs: values)
        let signals = InterruptHandler { execution.interrupt() }
        defer { signals.restore() }

        let recorder = RunRecorder(
            store: store, runID: record.id,
            stepKinds: Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.name, $0.definition.kind.name) }))
        var progress = RunProgressRenderer(quiet: quiet, usesColor: Terminal.errorUsesColor)
        var result: RunResult?
        for await event in execution.events {
            await recorder.record(event)
            progress.show(event)
            if case .runFinished(let finished) = event { result = finished }
        }
        if let failure = await recorder.failure {
            Terminal.printError("warning: the run was not fully recorded: \(failure)\n")
        }
        guard let result else { throw ExitCode(1) }
        RunOutputPrinter.print(result, pipeline: plan.name, json: json)
        switch result.status {
        case .succeeded: return
        case .interrupted: throw ExitCode(130)
        case .budgetStopped: throw ExitCode(3)
        default: throw ExitCode(1)
        }
    }
}
