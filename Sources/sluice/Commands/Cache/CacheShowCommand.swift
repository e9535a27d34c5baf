import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// `sluice cache show KEY`: one cached answer in full.
struct CacheShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one cached answer: what was hashed into its key, what answered, what it cost, the output.")

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Print the entry as JSON.")
    var json = false

    @Argument(help: "The key, or a unique prefix of it (as `sluice cache ls` shows).")
    var key: String

    func run() async throws {
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let store = try openStore(project: project, config: loader.config)
        let entry: CacheEntry
        do throws(StoreError) {
            let full = try await store.resolveCacheKey(key)
            guard let found = try await store.cacheEntry(forKey: full) else {
                throw StoreError(
                    code: .cacheKeyNotFound, message: "cache entry '\(key)' was removed while being read",
                    hint: "`sluice cache ls` lists the cached results")
            }
            entry = found
        } catch {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
        let view = CacheEntryView(
            entry, expiresBefore: loader.config.cacheTimeToLive.map { Date().addingTimeInterval(-$0.seconds) })
        if json {
            print(view.fullJSON.formatted(.pretty))
        } else {
            print(view.rendered, terminator: "")
        }
    }
}
