import Foundation
import GRDB
import SluiceCore

extension SluiceStore {
    /// The cache entry under `key`, if there is one.
    public func cacheEntry(forKey key: String) async throws(StoreError) -> CacheEntry? {
        try await read("read the cache") { db -> CacheEntry? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cache WHERE key = ?", arguments: [key]) else {
                return nil
            }
            return CacheEntry(
                key: key,
                value: try row.json("value_json") ?? .null,
                createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0),
                costUSD: row["cost_usd"],
                latency: row.duration("latency_ms")
            )
        }
    }

    /// Writes `entry`, replacing any entry under the same key.
    public func saveCacheEntry(_ entry: CacheEntry) async throws(StoreError) {
        let value = redactor.redact(entry.value)
        try await write("write the cache") { db in
            try db.execute(
                sql: """
                    INSERT INTO cache (key, value_json, created_at, cost_usd, latency_ms) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET
                        value_json = excluded.value_json, created_at = excluded.created_at,
                        cost_usd = excluded.cost_usd, latency_ms = excluded.latency_ms
                    """,
                arguments: [
                    entry.key, value.storedText, entry.createdAt.storedSeconds, entry.costUSD,
                    entry.latency?.milliseconds,
                ]
            )
        }
    }
}
