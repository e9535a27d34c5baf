import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore

/// `sluice report [RUN] --html [-o FILE]`: a recorded run as one self-contained HTML file.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a recorded run as one self-contained HTML file (summary, graph, timeline, every attempt).",
        discussion: """
            Without RUN, the latest run. The file goes to .sluice/reports/RUN.html unless -o says \
            otherwise (-o - writes it to stdout); its path is printed. The page needs no network: \
            CSS and JavaScript are inline. See docs/reviewing-runs.md.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Write HTML (the only format, and the default).")
    var html = false

    @Option(name: .shortAndLong, help: "Where to write the report (default .sluice/reports/RUN.html; - for stdout).")
    var output: String?

    @Option(
        name: .long, help: "How many items of a fan-out are written out in full; the page shows the rest on demand.")
    var expandedItems = 20

    @Argument(help: "The run id, or a unique prefix of it (default: the latest run).")
    var run: String?

    func validate() throws {
        guard expandedItems >= 0 else { throw ValidationError("--expanded-items must be 0 or more") }
    }

    func run() async throws {
        var runs = try RecordedRuns(projectOptions)
        let project = runs.project
        let transcript = try await runs.store.transcriptOrExit(run)
        let pipeline = transcript.run.pipeline
        // The graph's edges come from the pipeline file as it is now; the store keeps no plan.
        let plan = project.pipelineFile(named: pipeline).flatMap { _ in runs.loader.loadPipeline(named: pipeline).plan }
        let report = HTMLRunReport(
            redactor: runs.redactor,
            dependencies: plan.map { plan in
                Dictionary(plan.steps.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { first, _ in first })
            },
            dependencySource: plan.flatMap { _ in project.pipelineFile(named: pipeline).map { "\($0) as it is now" } },
            expandedItems: expandedItems)
        let document = report.render(transcript)
        if output == "-" {
            print(document, terminator: "")
            return
        }
        let url: URL
        if let output {
            url =
                output.hasPrefix("/")
                ? URL(fileURLWithPath: output)
                : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(output)
        } else {
            url = URL(fileURLWithPath: project.root).appendingPathComponent(".sluice/reports/\(transcript.run.id).html")
        }
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(document.utf8).write(to: url, options: .atomic)
            // Like the store it is read from, a report holds prompts and outputs: owner-only.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            Terminal.printError(
                "error: cannot write the report to \(url.path): \(error.localizedDescription)\n"
                    + "  hint: choose another file with -o FILE, or -o - for stdout\n")
            throw ExitCode(ExitStatus.failure)
        }
        print(url.standardizedFileURL.path)
    }
}
