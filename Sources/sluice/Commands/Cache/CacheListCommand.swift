import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// `sluice cache ls`: the cached answers, newest first.
struct CacheListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List cached answers, newest first.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Only answers cached by this pipeline.")
    var pipeline: String?

    @Flag(name: .long, help: "Print the entries as JSON.")
    var json = false

    func run() async throws {
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let store = try openStore(project: project, config: loader.config)
        let entries: [CacheEntry]
        do {
            entries = try await store.cacheEntries(pipeline: pipeline)
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.failure)
        }
        let expired = loader.config.cacheTimeToLive.map { Date().addingTimeInterval(-$0.seconds) }
        if json {
            print(
                JSONValue.array(entries.map { CacheEntryView($0, expiresBefore: expired).summaryJSON }).formatted(
                    .pretty))
            return
        }
        guard !entries.isEmpty else {
            print(pipeline.map { "nothing cached by '\($0)'" } ?? "the cache is empty")
            return
        }
        let header = ["KEY", "PIPELINE", "STEP", "MODEL", "CACHED", "TOKENS", "COST", "SIZE"]
        let rows = entries.map { entry -> [String] in
            let view = CacheEntryView(entry, expiresBefore: expired)
            return [
                String(entry.key.prefix(12)), entry.pipeline ?? "-", entry.step ?? "-", view.model,
                entry.createdAt.formatted(.iso8601) + (view.isExpired ? " (expired)" : ""), view.tokens,
                view.cost, view.size,
            ]
        }
        let bytes = entries.reduce(0) { $0 + $1.sizeBytes }
        print(TextTable.render(header: header, rows: rows), terminator: "")
        print("\(entries.count) entr\(entries.count == 1 ? "y" : "ies"), \(CacheEntryView.readableSize(bytes))")
    }
}
