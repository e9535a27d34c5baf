import Foundation
public import SluiceCore
import SluiceProviders
public import SluiceStore
import Synchronization

/// The response cache of a project, kept in its store (`.sluice/sluice.db`, table `cache`).
///
/// `readsEntries` is `false` for `--refresh`: every step calls its models and the answers
/// replace what was kept. An entry older than `timeToLive` (sluice.yaml `cache: { ttl: … }`) is
/// not used; `sluice cache prune` removes it. A store that cannot be read or written makes the
/// cache miss, never the run fail: the first such error is kept in ``failure`` for a warning.
public final class StoreResponseCache: ResponseCache {
    private let store: SluiceStore
    private let readsEntries: Bool
    private let timeToLive: Duration?
    private let clock: any TimeSource
    /// The first store error met; later ones are usually the same.
    private let firstFailure = Mutex<StoreError?>(nil)

    /// A cache over `store`; see the type's documentation for the parameters.
    public init(store: SluiceStore, readsEntries: Bool = true, timeToLive: Duration? = nil, clock: any TimeSource) {
        self.store = store
        self.readsEntries = readsEntries
        self.timeToLive = timeToLive
        self.clock = clock
    }

    /// The first store error met, if any.
    public var failure: StoreError? { firstFailure.withLock { $0 } }

    /// The entry under `key` if reading is on and it has not outlived the time to live.
    public func response(for key: CacheKey) async -> CachedResponse? {
        guard readsEntries else { return nil }
        let entry: CacheEntry?
        do {
            entry = try await store.cacheEntry(forKey: key.digest)
        } catch {
            keep(error)
            return nil
        }
        guard let entry else { return nil }
        if let timeToLive, clock.date.timeIntervalSince(entry.createdAt) > timeToLive.seconds { return nil }
        let usage = entry.inputTokens.map { input in
            TokenUsage(inputTokens: input, outputTokens: entry.outputTokens ?? 0)
        }
        return CachedResponse(
            text: entry.responseText ?? entry.value.formatted(.compact), output: entry.value,
            provider: entry.provider ?? "", model: entry.model ?? "", usage: usage, costUSD: entry.costUSD,
            latency: entry.latency)
    }

    /// Writes `response` under `key`, replacing what was there.
    public func save(_ response: CachedResponse, for key: CacheKey) async {
        let entry = CacheEntry(
            key: key.digest, value: response.output, createdAt: clock.date, costUSD: response.costUSD,
            latency: response.latency, pipeline: key.pipeline, step: key.step, provider: response.provider,
            model: response.model, responseText: response.text, inputTokens: response.usage?.inputTokens,
            outputTokens: response.usage?.outputTokens, keyMaterial: key.material)
        do {
            try await store.saveCacheEntry(entry)
        } catch {
            keep(error)
        }
    }

    private func keep(_ error: StoreError) {
        firstFailure.withLock { $0 = $0 ?? error }
    }
}
