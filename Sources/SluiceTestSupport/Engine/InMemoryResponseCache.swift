import SluiceCore
public import SluiceEngine
import Synchronization

/// A response cache held in memory, keyed by ``CacheKey/digest``, counting its hits.
public final class InMemoryResponseCache: ResponseCache {
    /// The entries, and how many lookups hit.
    private let state = Mutex<(entries: [String: CachedResponse], hits: Int)>(([:], 0))

    /// An empty cache.
    public init() {}

    /// How many lookups found an answer.
    public var hits: Int { state.withLock { $0.hits } }

    /// How many answers it holds.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The answer kept under `key`.
    public func response(for key: CacheKey) async -> CachedResponse? {
        state.withLock { state in
            let found = state.entries[key.digest]
            if found != nil { state.hits += 1 }
            return found
        }
    }

    /// Keeps `response` under `key`.
    public func save(_ response: CachedResponse, for key: CacheKey) async {
        state.withLock { $0.entries[key.digest] = response }
    }
}
