import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore

/// `sluice resume RUN`: continues a failed or interrupted run in the same run record.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a failed or interrupted run: finished steps and items are kept, the rest run again.",
        discussion: """
            The run keeps its id and its original inputs; steps and fan-out items that finished are taken from \
            its record (never called or paid for again, even with --no-cache), failed and unfinished ones run \
            again, and new attempts are numbered after the recorded ones. A run whose process died (kill -9, a \
            crash) is resumable. The pipeline may have changed prompts, models and parameters, but not its \
            steps, dependencies or fan-outs. Exit codes as for `sluice run`.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @OptionGroup var cacheOptions: CacheOptions

    @OptionGroup var executionOptions: RunExecutionOptions

    @Argument(help: "The run id, or a unique prefix of it.")
    var run: String

    func run() async throws {
        let runTimeout = try executionOptions.checkedTimeout()
        let project = try projectOptions.locate()
        var loader = ProjectLoader(project: project)
        let redactor = projectRedactor(project: project, config: loader.config)
        RequestLogging.bootstrap(verbose: executionOptions.verbose, redactor: redactor)
        let store = try openStore(project: project, config: loader.config, redactor: redactor)
        let record: RunRecord
        do {
            record = try await store.run(try await store.resolveRunID(run))
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
        guard project.pipelineFile(named: record.pipeline) != nil else {
            Terminal.printDiagnostics(
                [
                    .error(
                        .resumePipelineMissing,
                        "run \(record.id) is of pipeline '\(record.pipeline)', which is not in this project", at: nil,
                        hint: "restore pipelines/\(record.pipeline).yaml, or run from the project that made the run")
                ], files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
        let plan = try loader.planOrExit(named: record.pipeline)
        let keys = ProviderKeys(
            environment: ProcessInfo.processInfo.environment, projectRoot: URL(fileURLWithPath: project.root))
        var environment = ExecutionEnvironment.standard(
            config: loader.config, maximumCost: plan.definition.maximumCost, keys: keys,
            trafficLedger: openTrafficLedger(project: project), redactor: redactor)
        environment.cache = try cacheOptions.responseCache(
            store: store, config: loader.config, clock: environment.clock)
        let showsLiveText = executionOptions.showsLiveText()
        let resumed: PipelineRun
        do {
            resumed = try await PipelineRun.resume(
                record.id, plan: plan, store: store, environment: environment,
                options: executionOptions.runOptions(
                    timeout: runTimeout, workingDirectory: project.root, showsLiveText: showsLiveText))
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: loader.files)
            throw ExitCode(error.code == .resumeStillRunning ? ExitStatus.failure : ExitStatus.invalidInput)
        }
        let outcome = await resumed.completeInTerminal(
            quiet: executionOptions.quiet, json: executionOptions.json, showsLiveText: showsLiveText,
            redactor: redactor)
        if outcome.exitStatus != .success { throw ExitCode(outcome.exitStatus) }
    }
}
