import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// `sluice cache prune`: removes expired answers, then the oldest until the cache fits its cap.
struct CachePruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove answers older than the cache ttl, then the oldest until the cache fits its size cap.",
        discussion: """
            The ttl and the cap come from sluice.yaml (cache: { ttl: 30d, max_size_mb: 256 }); without a ttl \
            nothing expires, and the cap defaults to \(ProjectConfig.defaultCacheMaximumMegabytes) MB.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "The size cap in megabytes for this prune, instead of sluice.yaml's.")
    var maxSizeMb: Int?

    func run() async throws {
        if let maxSizeMb, maxSizeMb < 0 {
            Terminal.printError("error: --max-size-mb must be 0 or more\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let configErrors = loader.configDiagnostics
        if configErrors.contains(where: { $0.severity == .error }) {
            Terminal.printDiagnostics(configErrors, files: loader.files)
            throw ExitCode(ExitStatus.invalidInput)
        }
        let store = try openStore(project: project, config: loader.config)
        let config = loader.config
        let megabytes = maxSizeMb ?? config.cacheMaximumMegabytes
        let pruning: CachePruning
        do {
            pruning = try await store.pruneCache(
                expiredBefore: config.cacheTimeToLive.map { Date().addingTimeInterval(-$0.seconds) },
                maximumBytes: megabytes * 1024 * 1024)
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.failure)
        }
        print(
            "removed \(pruning.expired) expired and \(pruning.evicted) over the \(megabytes) MB cap; "
                + "\(pruning.remainingEntries) left (\(CacheEntryView.readableSize(pruning.remainingBytes)))")
    }
}
