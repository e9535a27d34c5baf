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
///
/// A store round trip costs more than a fast step's own work (a hand-off to the store's queue and
/// back), so the cache avoids the ones it can. The first lookup reads the keys of every entry
/// once; a key missing from them (and from this run's own saves) is a miss without a read, and
/// only a hit reads its entry. Saves are written together, in one transaction, `writeDelay`
/// after the first of them and at the latest when the run ends (``flush()``): a run killed in
/// between keeps its record (`sluice resume` pays for no finished step again) but not those
/// last answers in the cache. An entry another process saves after this run's first lookup is
/// not seen by this run.
public final class StoreResponseCache: ResponseCache {
    private let store: SluiceStore
    private let readsEntries: Bool
    private let timeToLive: Duration?
    private let clock: any TimeSource
    private let writeDelay: Duration
    /// The first store error met; later ones are usually the same.
    private let firstFailure = Mutex<StoreError?>(nil)
    /// The keys in the store when the first lookup read them.
    private let storedKeys = Mutex<Task<Set<String>, Never>?>(nil)
    /// Saves not yet in the store, by key: waiting, and being written.
    private let unwritten = Mutex(UnwrittenEntries())
    /// Keys this run has written (or is writing); a lookup finds them like the stored ones.
    private let writtenKeys = Mutex<Set<String>>([])

    /// A cache over `store`; see the type's documentation for the parameters.
    public init(
        store: SluiceStore, readsEntries: Bool = true, timeToLive: Duration? = nil,
        writeDelay: Duration = .milliseconds(20), clock: any TimeSource
    ) {
        self.store = store
        self.readsEntries = readsEntries
        self.timeToLive = timeToLive
        self.writeDelay = writeDelay
        self.clock = clock
    }

    /// The first store error met, if any.
    public var failure: StoreError? { firstFailure.withLock { $0 } }

    /// The entry under `key` if reading is on and it has not outlived the time to live.
    public func response(for key: CacheKey) async -> CachedResponse? {
        guard readsEntries else { return nil }
        let entry: CacheEntry?
        if let saved = unwritten.withLock({ $0.entry(key.digest) }) {
            entry = saved
        } else {
            guard await mayHold(key.digest) else { return nil }
            do {
                entry = try await store.cacheEntry(forKey: key.digest)
            } catch {
                keep(error)
                return nil
            }
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
        guard unwritten.withLock({ $0.add(entry) }) else { return }
        Task { [clock, writeDelay] in
            try? await clock.sleep(for: writeDelay)
            await self.flush()
        }
    }

    /// Writes every save not yet written, in one transaction.
    public func flush() async {
        let entries = unwritten.withLock { $0.takeWaiting() }
        guard !entries.isEmpty else { return }
        do {
            try await store.saveCacheEntries(entries)
        } catch {
            keep(error)
        }
        writtenKeys.withLock { $0.formUnion(entries.map(\.key)) }
        unwritten.withLock { $0.written(entries) }
    }

    /// Whether the store may hold an entry under `digest`: it had one when the run first looked,
    /// or this run wrote one. Reads the keys once.
    private func mayHold(_ digest: String) async -> Bool {
        if writtenKeys.withLock({ $0.contains(digest) }) { return true }
        let load = storedKeys.withLock { load in
            if let load { return load }
            let store = store
            let started = Task { () -> Set<String> in
                do throws(StoreError) {
                    return try await store.cacheKeys()
                } catch {
                    self.keep(error)
                    return []
                }
            }
            load = started
            return started
        }
        return await load.value.contains(digest)
    }

    private func keep(_ error: StoreError) {
        firstFailure.withLock { $0 = $0 ?? error }
    }
}

/// Answers saved but not yet in the store: waiting for the next write, or being written. A
/// lookup finds them in either until the write has finished.
private struct UnwrittenEntries {
    private var waiting: [String: CacheEntry] = [:]
    private var beingWritten: [String: CacheEntry] = [:]
    private var writeScheduled = false

    /// The newest unwritten entry under `key`.
    func entry(_ key: String) -> CacheEntry? {
        waiting[key] ?? beingWritten[key]
    }

    /// Adds `entry`; returns whether the caller must schedule a write (none is scheduled yet).
    mutating func add(_ entry: CacheEntry) -> Bool {
        waiting[entry.key] = entry
        defer { writeScheduled = true }
        return !writeScheduled
    }

    /// The waiting entries, now being written; the next save schedules a new write.
    mutating func takeWaiting() -> [CacheEntry] {
        let taken = Array(waiting.values)
        beingWritten.merge(waiting) { _, newer in newer }
        waiting = [:]
        writeScheduled = false
        return taken
    }

    /// `entries` are in the store now.
    mutating func written(_ entries: [CacheEntry]) {
        for entry in entries { beingWritten[entry.key] = nil }
    }
}
