import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// `sluice cache clear`: removes cached answers, all of them or some.
struct CacheClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear", abstract: "Remove cached answers: all, one pipeline's, or those older than a duration.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Only answers cached by this pipeline.")
    var pipeline: String?

    @Option(name: .long, help: "Only answers cached longer ago than this, e.g. 7d or 12h.")
    var olderThan: String?

    func run() async throws {
        var cutoff: Date?
        if let olderThan {
            cutoff = Date().addingTimeInterval(-(try DurationOption.parse(olderThan, option: "--older-than")).seconds)
        }
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let store = try openStore(project: project, config: loader.config)
        let removed: Int
        do {
            removed = try await store.clearCache(pipeline: pipeline, writtenBefore: cutoff)
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.failure)
        }
        print("removed \(removed) cached answer\(removed == 1 ? "" : "s")")
    }
}
