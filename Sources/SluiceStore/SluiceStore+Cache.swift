public import Foundation
import GRDB
import SluiceCore

extension SluiceStore {
    // MARK: - Reading and writing entries

    /// The cache entry under `key`, if there is one.
    public func cacheEntry(forKey key: String) async throws(StoreError) -> CacheEntry? {
        try await read("read the cache") { db -> CacheEntry? in
            try Row.fetchOne(db, sql: "SELECT * FROM cache WHERE key = ?", arguments: [key]).map(Self.cacheEntry)
        }
    }

    /// The keys of every entry, for answering misses without reading each one.
    public func cacheKeys() async throws(StoreError) -> Set<String> {
        try await read("read the cache") { db in
            Set(try String.fetchAll(db, sql: "SELECT key FROM cache"))
        }
    }

    /// Writes `entries` in one transaction, each replacing any entry under the same key; secrets
    /// are redacted on the way in.
    public func saveCacheEntries(_ entries: [CacheEntry]) async throws(StoreError) {
        guard !entries.isEmpty else { return }
        let rows = entries.map(storedRow)
        try await write("write the cache") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO cache
                        (key, value_json, created_at, cost_usd, latency_ms, pipeline, step_name, provider, model,
                         response_text, input_tokens, output_tokens, key_json, size_bytes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET
                        value_json = excluded.value_json, created_at = excluded.created_at,
                        cost_usd = excluded.cost_usd, latency_ms = excluded.latency_ms,
                        pipeline = excluded.pipeline, step_name = excluded.step_name,
                        provider = excluded.provider, model = excluded.model,
                        response_text = excluded.response_text, input_tokens = excluded.input_tokens,
                        output_tokens = excluded.output_tokens, key_json = excluded.key_json,
                        size_bytes = excluded.size_bytes
                    """)
            for row in rows { try statement.execute(arguments: row) }
        }
    }

    /// `entry` as the cache table's columns, redacted.
    private func storedRow(_ entry: CacheEntry) -> StatementArguments {
        let value = redactor.redact(entry.value)
        let material = entry.keyMaterial.map(redactor.redact)
        let response = entry.responseText.map { redactor.redact(text: $0) }
        let valueText = value.storedText
        let materialText = material?.storedText
        let size = valueText.utf8.count + (materialText?.utf8.count ?? 0) + (response?.utf8.count ?? 0)
        return [
            entry.key, valueText, entry.createdAt.storedSeconds, entry.costUSD, entry.latency?.milliseconds,
            entry.pipeline, entry.step, entry.provider, entry.model, response, entry.inputTokens,
            entry.outputTokens, materialText, size,
        ]
    }

    // MARK: - Listing and finding

    /// Cache entries, newest first; only those written by `pipeline` when given.
    public func cacheEntries(pipeline: String? = nil) async throws(StoreError) -> [CacheEntry] {
        try await read("list the cache") { db in
            var sql = "SELECT * FROM cache"
            var arguments: StatementArguments = []
            if let pipeline {
                sql += " WHERE pipeline = ?"
                arguments += [pipeline]
            }
            sql += " ORDER BY created_at DESC, key"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.cacheEntry)
        }
    }

    /// The full key of the one entry whose key starts with `text` (case-insensitive hex).
    ///
    /// - Throws: `cache-key-invalid` for text that is not hex, `cache-key-not-found` when no
    ///   entry matches, `cache-key-ambiguous` (listing some candidates) when several do.
    public func resolveCacheKey(_ text: String) async throws(StoreError) -> String {
        let prefix = text.lowercased()
        guard !prefix.isEmpty, prefix.count <= 64, prefix.allSatisfy({ $0.isHexDigit }) else {
            throw StoreError(
                code: .cacheKeyInvalid, message: "'\(text)' is not a cache key",
                hint: "cache keys are 64 hex digits, as `sluice cache ls` lists them; a unique prefix is enough")
        }
        let matches = try await read("look up cache key '\(text)'") { db in
            // `g` sorts after every hex digit, so this is a prefix range on the primary key.
            try String.fetchAll(
                db, sql: "SELECT key FROM cache WHERE key >= ? AND key < ? ORDER BY key LIMIT 6",
                arguments: [prefix, prefix + "g"])
        }
        switch matches.count {
        case 0:
            throw StoreError(
                code: .cacheKeyNotFound, message: "no cache entry with key '\(text)'",
                hint: "`sluice cache ls` lists the cached results")
        case 1:
            return matches[0]
        default:
            let shown = matches.prefix(5).map { String($0.prefix(16)) }.joined(separator: ", ")
            throw StoreError(
                code: .cacheKeyAmbiguous,
                message: "'\(text)' matches several cache entries: \(shown)\(matches.count > 5 ? ", …" : "")",
                hint: "type more characters of the key")
        }
    }

    // MARK: - Removing entries

    /// Removes the entries written by `pipeline` (every pipeline when `nil`) that were written
    /// before `cutoff` (any time when `nil`); returns how many went.
    @discardableResult
    public func clearCache(pipeline: String? = nil, writtenBefore cutoff: Date? = nil) async throws(StoreError) -> Int {
        try await write("clear the cache") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let pipeline {
                conditions.append("pipeline = ?")
                arguments += [pipeline]
            }
            if let cutoff {
                conditions.append("created_at < ?")
                arguments += [cutoff.storedSeconds]
            }
            var sql = "DELETE FROM cache"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    /// Removes expired entries (written before `expiredBefore`, when given), then the oldest
    /// entries until the rest weigh at most `maximumBytes`; one transaction.
    public func pruneCache(expiredBefore: Date?, maximumBytes: Int) async throws(StoreError) -> CachePruning {
        try await write("prune the cache") { db in
            var pruning = CachePruning()
            if let expiredBefore {
                try db.execute(sql: "DELETE FROM cache WHERE created_at < ?", arguments: [expiredBefore.storedSeconds])
                pruning.expired = db.changesCount
            }
            var total = try Int.fetchOne(db, sql: "SELECT coalesce(sum(size_bytes), 0) FROM cache") ?? 0
            if total > maximumBytes {
                let rows = try Row.fetchCursor(db, sql: "SELECT key, size_bytes FROM cache ORDER BY created_at, key")
                var evicted: [String] = []
                while total > maximumBytes, let row = try rows.next() {
                    evicted.append(row["key"])
                    total -= row["size_bytes"] ?? 0
                }
                for key in evicted { try db.execute(sql: "DELETE FROM cache WHERE key = ?", arguments: [key]) }
                pruning.evicted = evicted.count
            }
            pruning.remainingBytes = total
            pruning.remainingEntries = try Int.fetchOne(db, sql: "SELECT count(*) FROM cache") ?? 0
            return pruning
        }
    }

    // MARK: - Rows

    static func cacheEntry(_ row: Row) throws(StoreError) -> CacheEntry {
        var entry = CacheEntry(
            key: row["key"] ?? "",
            value: try row.json("value_json") ?? .null,
            createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0),
            costUSD: row["cost_usd"],
            latency: row.duration("latency_ms"),
            pipeline: row["pipeline"], step: row["step_name"], provider: row["provider"], model: row["model"],
            responseText: row["response_text"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
            keyMaterial: try row.json("key_json"))
        entry.sizeBytes = row["size_bytes"] ?? 0
        return entry
    }
}
