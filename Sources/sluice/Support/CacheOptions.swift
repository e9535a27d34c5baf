import ArgumentParser
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore

/// `--no-cache` and `--refresh`, which `sluice run` and `sluice resume` take.
struct CacheOptions: ParsableArguments {
    @Flag(name: .long, help: "Neither read nor write the response cache: every model step calls its models.")
    var noCache = false

    @Flag(name: .long, help: "Call the models even when the cache holds an answer, and keep the new answers.")
    var refresh = false

    /// The run's response cache in `store`, or none for `--no-cache`; exit 2 when both flags are given.
    func responseCache(
        store: SluiceStore, config: ProjectConfig, clock: any TimeSource
    ) throws -> any ResponseCache {
        if noCache && refresh {
            Terminal.printError("error: --no-cache and --refresh contradict each other; give one of them\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        if noCache { return NoResponseCache() }
        return StoreResponseCache(
            store: store, readsEntries: !refresh, timeToLive: config.cacheTimeToLive, clock: clock)
    }
}
