import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore

/// `sluice runs`: the recorded runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List recorded runs, newest first.",
        discussion: """
            Runs made by 'sluice test' are left out unless --tests (only them) or --all (every run) is given; \
            those listings add a CASE column naming the test case each test run ran.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Only runs of this pipeline.")
    var pipeline: String?

    @Option(name: .long, help: "At most this many runs.")
    var limit: Int = 20

    @Flag(name: .long, help: "List only the runs 'sluice test' made, with the test case each ran.")
    var tests = false

    @Flag(name: .long, help: "List every run, those 'sluice test' made included.")
    var all = false

    @Flag(name: .long, help: "Print the runs as JSON.")
    var json = false

    func run() async throws {
        guard limit >= 0 else {
            Terminal.printError("error: --limit must be 0 or more\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        if tests && all {
            Terminal.printError("error: --tests lists only test runs and --all every run; give one of them\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let selection: TestRunSelection = tests ? .only : all ? .included : .excluded
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let store = try openStore(project: project, config: loader.config)
        let runs: [RunRecord]
        let testCases: [RunID: String]
        var hidesTestRuns = false
        do {
            runs = try await store.runs(pipeline: pipeline, testRuns: selection, limit: limit)
            testCases =
                selection == .excluded
                ? [:] : try await store.testCaseNotes(of: runs.map(\.id)).compactMapValues(TestCaseNote.caseName)
            if runs.isEmpty && selection == .excluded && !json {
                hidesTestRuns = try await !store.runs(pipeline: pipeline, testRuns: .only, limit: 1).isEmpty
            }
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.failure)
        }
        if json {
            print(JSONValue.array(runs.map { Self.json($0, testCase: testCases[$0.id]) }).formatted(.pretty))
            return
        }
        guard !runs.isEmpty else {
            let what = pipeline.map { "no runs of '\($0)'" } ?? "no runs"
            if hidesTestRuns {
                print("\(what) yet other than test runs; 'sluice runs --tests' lists those")
            } else if selection == .only {
                print("\(what) made by 'sluice test' yet")
            } else {
                print(pipeline == nil ? "no runs yet; start one with 'sluice run NAME'" : "\(what) yet")
            }
            return
        }
        let listsCases = selection != .excluded
        let header =
            ["ID", "PIPELINE"] + (listsCases ? ["CASE"] : []) + ["STATUS", "STARTED", "TOOK", "TOKENS", "COST"]
        let rows = runs.map { run -> [String] in
            [run.id.rawValue, run.pipeline] + (listsCases ? [testCases[run.id] ?? "-"] : [])
                + [
                    run.effectiveStatus.rawValue, run.startedAt.formatted(.iso8601),
                    run.finishedAt.map { String(format: "%.2fs", $0.timeIntervalSince(run.startedAt)) } ?? "-",
                    "\(run.inputTokens + run.outputTokens)", String(format: "$%.4f", run.costUSD),
                ]
        }
        print(TextTable.render(header: header, rows: rows), terminator: "")
    }

    private static func json(_ run: RunRecord, testCase: String?) -> JSONValue {
        var object: JSONObject = [
            "id": .string(run.id.rawValue), "pipeline": .string(run.pipeline),
            "status": .string(run.effectiveStatus.rawValue), "started_at": .string(run.startedAt.formatted(.iso8601)),
        ]
        object["finished_at"] = run.finishedAt.map { .string($0.formatted(.iso8601)) } ?? .null
        object["input_tokens"] = .integer(run.inputTokens)
        object["output_tokens"] = .integer(run.outputTokens)
        object["cost_usd"] = .double(run.costUSD)
        object["error"] = run.failure?.jsonValue ?? .null
        object["test_case"] = testCase.map(JSONValue.string) ?? .null
        return .object(object)
    }
}
