import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore

/// `sluice run NAME`: runs a pipeline, records it in the store, prints its outputs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline and print its outputs.",
        discussion: """
            Outputs go to stdout, progress and diagnostics to stderr. Exit codes: 0 the run succeeded, \
            1 the run failed, 2 invalid input or usage, 3 stopped by its budget, 130 interrupted.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @OptionGroup var cacheOptions: CacheOptions

    @Option(
        name: [.customShort("i"), .customLong("input")],
        help: "An input as name=value (JSON for typed inputs, @file to read a file). Overrides --inputs.")
    var inputs: [String] = []

    @Option(name: .customLong("inputs"), help: "A JSON object of inputs read from FILE, or from stdin with '-'.")
    var inputsFile: String?

    @OptionGroup var executionOptions: RunExecutionOptions

    @Option(
        name: .customLong("max-usd"),
        help: "The most this run may spend, in US dollars; with the pipeline's budget.max_usd, the smaller applies.")
    var maxUSD: Double?

    @Flag(
        name: .long,
        help: "Validate, then print the plan with its call counts and projected cost; call nothing, record nothing.")
    var dryRun = false

    @Flag(
        name: .long,
        help:
            "Run as cron and the daemon do: the schedule's inputs and overlap lock, output to .sluice/logs/NAME.log, a summary line on failure."
    )
    var scheduled = false

    @Flag(
        name: .long,
        help:
            "With --scheduled: run only if a fire time passed since the last scheduled run (catch_up: latest at boot)."
    )
    var catchUp = false

    @Argument(help: "The pipeline to run.")
    var pipeline: String

    func run() async throws {
        if dryRun && scheduled {
            Terminal.printError("error: --dry-run cannot be used with --scheduled\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        guard scheduled else {
            if dryRun { return try dryRunPlan() }
            if catchUp {
                Terminal.printError("error: --catch-up needs --scheduled\n")
                throw ExitCode(ExitStatus.invalidInput)
            }
            return try await execute(scheduledRun: nil)
        }
        // The name becomes part of the log's and the lock's paths.
        guard !pipeline.contains("/"), !pipeline.hasPrefix("."), !pipeline.isEmpty else {
            Terminal.printError(
                "error: '\(pipeline)' is not a pipeline name; --scheduled takes the name of a file in pipelines/\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let scheduledRun = ScheduledRun(pipeline: pipeline, project: try projectOptions.locate())
        do {
            try await execute(scheduledRun: scheduledRun)
        } catch let exit as ExitCode where exit.rawValue != 0 && !scheduledRun.hasFinished {
            let status = ExitStatus(rawValue: exit.rawValue)
            scheduledRun.finish(
                status,
                detail: status == .invalidInput ? "the pipeline or its inputs have errors" : "it could not start")
            throw exit
        }
    }

    private func execute(scheduledRun: ScheduledRun?) async throws {
        let runTimeout = try executionOptions.checkedTimeout()
        try RunBudget.validate(maxUSD)
        let project = try projectOptions.locate()
        var loader = ProjectLoader(project: project)
        let plan = try loader.planOrExit(named: pipeline)
        let lock = try scheduledRun?.lock(for: plan.definition.schedule?.overlap ?? .skip, projectRoot: project.root)
        defer { withExtendedLifetime(lock) {} }
        try scheduledRun?.claimFireTime(of: plan.definition.schedule, projectRoot: project.root, catchingUp: catchUp)
        let values = try inputValues(for: plan, scheduled: scheduledRun != nil, files: loader.files)

        let keys = ProviderKeys(
            environment: ProcessInfo.processInfo.environment, projectRoot: URL(fileURLWithPath: project.root))
        let redactor = projectRedactor(project: project, config: loader.config)
        RequestLogging.bootstrap(verbose: executionOptions.verbose, redactor: redactor)
        let store = try openStore(project: project, config: loader.config, redactor: redactor)
        let budget = RunBudget(plan: plan, override: maxUSD)
        var environment = ExecutionEnvironment.standard(
            config: loader.config, maximumCost: budget.maximumUSD, keys: keys,
            trafficLedger: openTrafficLedger(project: project), redactor: redactor)
        environment.cache = try cacheOptions.responseCache(
            store: store, config: loader.config, clock: environment.clock)
        if let warning = budget.unpricedWarning(plan: plan, costs: environment.costs) { Terminal.printError(warning) }
        let showsLiveText = executionOptions.showsLiveText(scheduled: scheduledRun != nil)
        let run: PipelineRun
        do {
            run = try await PipelineRun.start(
                plan: plan, inputs: values, store: store, environment: environment,
                options: executionOptions.runOptions(
                    timeout: runTimeout, workingDirectory: project.root, showsLiveText: showsLiveText))
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.failure)
        }
        let outcome = await run.completeInTerminal(
            quiet: executionOptions.quiet, json: executionOptions.json, showsLiveText: showsLiveText,
            redactor: redactor)
        let status = outcome.exitStatus
        scheduledRun?.finish(
            status,
            detail: redactor.redact(
                text: "run \(outcome.result.runID)"
                    + (outcome.result.failure.flatMap { $0.message.split(separator: "\n").first }.map {
                        ", \($0.prefix(300))"
                    } ?? ""))
        )
        if status != .success { throw ExitCode(status) }
    }
}
