import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore

/// `sluice test [NAME...] [--junit FILE]`: runs the `tests:` cases of pipelines and checks their assertions.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test cases in pipelines' 'tests:' sections and check their assertions.",
        discussion: """
            Each case is a real run, recorded in the store (review a failed one with 'sluice show RUN'). \
            Exit codes: 0 every case passed, 1 a case failed or its run did not succeed, 2 a pipeline or \
            its tests have errors (nothing runs), 130 interrupted. See docs/testing.md.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Also write the results as JUnit XML to FILE, for CI.")
    var junit: String?

    @Flag(name: .long, help: "Print the results as JSON on stdout instead of the list.")
    var json = false

    @Option(
        name: .long,
        help: "Run every model step of every case on MODEL (a provider/model or an alias), e.g. local/echo.")
    var model: String?

    @Option(name: .customLong("case"), help: "Run only the case named NAME (repeatable); other cases are not run.")
    var cases: [String] = []

    @Option(name: .long, help: "The most test cases running at once within a pipeline.")
    var jobs: Int = 4

    @Option(name: .long, help: "The most model calls and commands in flight at once within one case's run.")
    var concurrency: Int = 16

    @Argument(help: "Pipelines to test (default: every pipeline with a 'tests:' section).")
    var names: [String] = []

    func run() async throws {
        guard jobs >= 1, concurrency >= 1 else {
            Terminal.printError("error: --jobs and --concurrency must be at least 1\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let project = try projectOptions.locate()
        var loader = ProjectLoader(project: project)
        let plans = try loadPlans(&loader)
        let models = try overridingModels(config: loader.config)
        try checkCaseNames(in: plans)
        guard !plans.isEmpty else {
            Terminal.printError(
                "no test cases: \(names.isEmpty ? "no pipeline" : "none of the pipelines named") has a 'tests:' section "
                    + "(see docs/testing.md)\n")
            if json { print(Self.json([]).formatted(.pretty)) }
            return
        }

        let keys = ProviderKeys(
            environment: ProcessInfo.processInfo.environment, projectRoot: URL(fileURLWithPath: project.root))
        let redactor = projectRedactor(project: project, config: loader.config)
        let store = try openStore(project: project, config: loader.config, redactor: redactor)
        let ledger = openTrafficLedger(project: project)
        let config = loader.config
        let control = TestRunControl()
        let signals = InterruptHandler { control.interrupt() }
        defer { signals.restore() }

        let renderer = TestResultsRenderer(usesColor: Terminal.outputUsesColor)
        let startedAt = Date()
        var suites: [JUnitReport.Suite] = []
        for plan in plans {
            let runner = PipelineTestRunner(
                plan: plan, store: store,
                makeEnvironment: { maximumCost in
                    .standard(config: config, maximumCost: maximumCost, keys: keys, trafficLedger: ledger)
                },
                options: RunOptions(concurrency: concurrency, workingDirectory: project.root), models: models,
                parallelCases: jobs, control: control)
            let selected = plan.definition.tests.filter { cases.isEmpty || cases.contains($0.name) }
            guard !selected.isEmpty else { continue }
            let results = await runner.run(selected)
            if !json {
                print(redactor.redact(text: renderer.render(pipeline: plan.name, results: results)), terminator: "")
            }
            suites.append(JUnitReport.Suite(pipeline: plan.name, file: plan.definition.file, results: results))
        }
        let all = suites.flatMap(\.results)
        if json {
            print(redactor.redact(text: Self.json(suites).formatted(.pretty)))
        } else {
            print("\n" + renderer.summary(all), terminator: "")
        }
        if let junit { try write(JUnitReport(suites: suites, startedAt: startedAt).xml, to: junit, redactor: redactor) }
        if control.isInterrupted { throw ExitCode(ExitStatus.interrupted) }
        if all.contains(where: { $0.verdict != .passed }) { throw ExitCode(ExitStatus.failure) }
    }

    /// `{"passed", "failed", "pipelines": [{"name", "file", "cases": [...]}]}`, each case as ``TestCaseResult/jsonValue``.
    private static func json(_ suites: [JUnitReport.Suite]) -> JSONValue {
        let all = suites.flatMap(\.results)
        let passed = all.filter { $0.verdict == .passed }.count
        return [
            "passed": .integer(passed), "failed": .integer(all.count - passed),
            "pipelines": .array(
                suites.map { suite in
                    [
                        "name": .string(suite.pipeline), "file": .string(suite.file),
                        "cases": .array(suite.results.map(\.jsonValue)),
                    ]
                }),
        ]
    }

    /// The plans of the pipelines to test, or exit 2 after printing every diagnostic.
    private func loadPlans(_ loader: inout ProjectLoader) throws -> [PipelinePlan] {
        let selected = names.isEmpty ? loader.project.pipelineNames() : names
        var diagnostics = loader.configDiagnostics
        var plans: [PipelinePlan] = []
        for name in selected {
            let result = loader.loadPipeline(named: name)
            diagnostics += result.diagnostics
            guard let plan = result.plan else { continue }
            if !plan.definition.tests.isEmpty {
                plans.append(plan)
            } else if !names.isEmpty {
                Terminal.printError("warning: pipeline '\(name)' has no 'tests:' section; nothing to run for it\n")
            }
        }
        Terminal.printDiagnostics(diagnostics, files: loader.files)
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.invalidInput) }
        return plans
    }

    /// Exits 2 when a `--case` names no case of the pipelines being tested.
    private func checkCaseNames(in plans: [PipelinePlan]) throws {
        let known = plans.flatMap { $0.definition.tests.map(\.name) }
        let unknown = cases.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        Terminal.printDiagnostics(
            unknown.map { name in
                .error(
                    .unknownTestCase, "no test case named '\(name)' in the pipelines tested", at: nil,
                    hint: NameSuggestion.hint(for: name, in: known)
                        ?? (known.isEmpty ? "there are no test cases" : "cases: \(known.joined(separator: ", "))"))
            }, files: nil)
        throw ExitCode(ExitStatus.invalidInput)
    }

    /// The chain `--model` names, or exit 2 when it names no model.
    private func overridingModels(config: ProjectConfig) throws -> [ModelReference]? {
        guard let model else { return nil }
        switch config.resolveModel(model) {
        case .success(let chain): return chain
        case .failure(let failure):
            var diagnostic = config.diagnostic(
                for: failure, name: model, at: SourceLocation(file: "--model", line: 1, column: 1))
            diagnostic.location = nil
            Terminal.printDiagnostics([diagnostic], files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }

    private func write(_ xml: String, to path: String, redactor: SecretRedactor) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        do {
            try Data(redactor.redact(text: xml).utf8).write(to: URL(fileURLWithPath: absolute), options: .atomic)
        } catch {
            Terminal.printError(
                "error: cannot write the JUnit report to \(path): \(error.localizedDescription); "
                    + "check that its folder exists and is writable\n")
            throw ExitCode(ExitStatus.failure)
        }
    }
}
