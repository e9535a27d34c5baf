import SluiceCore
public import SluiceEngine
public import SluiceProviders
import Synchronization

/// A response cache held in memory, keyed by provider and canonical request, counting its hits.
public final class InMemoryResponseCache: ResponseCache {
    /// The entries, and how many lookups hit.
    private let state = Mutex<(entries: [String: CachedResponse], hits: Int)>(([:], 0))

    /// An empty cache.
    public init() {}

    /// How many lookups found an answer.
    public var hits: Int { state.withLock { $0.hits } }

    /// How many answers it holds.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The answer kept for `request` on `provider`.
    public func response(to request: ModelRequest, provider: String) async -> CachedResponse? {
        state.withLock { state in
            let found = state.entries[Self.key(request, provider)]
            if found != nil { state.hits += 1 }
            return found
        }
    }

    /// Keeps `response` for `request` on `provider`.
    public func save(_ response: CachedResponse, for request: ModelRequest, provider: String) async {
        state.withLock { $0.entries[Self.key(request, provider)] = response }
    }

    private static func key(_ request: ModelRequest, _ provider: String) -> String {
        provider + "\n" + request.jsonValue.canonicalText
    }
}
