import ArgumentParser

/// `sluice cache`: the response cache in the project's store.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "List, show, clear and prune cached model answers (see docs/caching.md).",
        subcommands: [
            CacheListCommand.self,
            CacheShowCommand.self,
            CacheClearCommand.self,
            CachePruneCommand.self,
        ]
    )
}
