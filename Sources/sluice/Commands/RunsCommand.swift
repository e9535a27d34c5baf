import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// `sluice runs`: the recorded runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List recorded runs, newest first.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Only runs of this pipeline.")
    var pipeline: String?

    @Option(name: .long, help: "At most this many runs.")
    var limit: Int = 20

    @Flag(name: .long, help: "Print the runs as JSON.")
    var json = false

    func run() async throws {
        guard limit >= 0 else {
            Terminal.printError("error: --limit must be 0 or more\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let store = try openStore(project: project, config: loader.config)
        let runs: [RunRecord]
        do {
            runs = try await store.runs(pipeline: pipeline, limit: limit)
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.failure)
        }
        if json {
            print(JSONValue.array(runs.map(Self.json)).formatted(.pretty))
            return
        }
        guard !runs.isEmpty else {
            print(pipeline.map { "no runs of '\($0)' yet" } ?? "no runs yet; start one with 'sluice run NAME'")
            return
        }
        let header = ["ID", "PIPELINE", "STATUS", "STARTED", "TOOK", "TOKENS", "COST"]
        let rows = runs.map { run -> [String] in
            [
                run.id.rawValue, run.pipeline, run.effectiveStatus.rawValue,
                run.startedAt.formatted(.iso8601),
                run.finishedAt.map { String(format: "%.2fs", $0.timeIntervalSince(run.startedAt)) } ?? "-",
                "\(run.inputTokens + run.outputTokens)", String(format: "$%.4f", run.costUSD),
            ]
        }
        print(TextTable.render(header: header, rows: rows), terminator: "")
    }

    private static func json(_ run: RunRecord) -> JSONValue {
        var object: JSONObject = [
            "id": .string(run.id.rawValue), "pipeline": .string(run.pipeline),
            "status": .string(run.effectiveStatus.rawValue), "started_at": .string(run.startedAt.formatted(.iso8601)),
        ]
        object["finished_at"] = run.finishedAt.map { .string($0.formatted(.iso8601)) } ?? .null
        object["input_tokens"] = .integer(run.inputTokens)
        object["output_tokens"] = .integer(run.outputTokens)
        object["cost_usd"] = .double(run.costUSD)
        object["error"] = run.failure?.jsonValue ?? .null
        return .object(object)
    }
}
