import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline

/// `sluice list`: the project's pipelines with description, schedule and step count.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the project's pipelines.")

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Print the list as JSON.")
    var json = false

    func run() throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let summaries = loader.summaries()
        if json {
            print(JSONValue.array(summaries.map(\.jsonValue)).formatted(.pretty))
            return
        }
        guard !summaries.isEmpty else {
            print("no pipelines in \(loader.project.root)/pipelines")
            return
        }
        let rows = summaries.map { summary in
            [
                summary.name, "\(summary.stepCount)", summary.schedule ?? "-",
                summary.errorCount == 0
                    ? summary.description ?? ""
                    : "INVALID (\(summary.errorCount) error\(summary.errorCount == 1 ? "" : "s"); run 'sluice validate \(summary.name)')",
            ]
        }
        let header = ["NAME", "STEPS", "SCHEDULE", "DESCRIPTION"]
        print(TextTable.render(header: header, rows: rows), terminator: "")
    }
}
