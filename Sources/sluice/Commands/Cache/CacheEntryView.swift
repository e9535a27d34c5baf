import Foundation
import SluiceCore
import SluiceStore

/// How `sluice cache ls` and `sluice cache show` present one cache entry.
struct CacheEntryView {
    let entry: CacheEntry
    /// Whether the entry is older than the time to live, so a run would not use it.
    let isExpired: Bool

    init(_ entry: CacheEntry, expiresBefore cutoff: Date?) {
        self.entry = entry
        self.isExpired = cutoff.map { entry.createdAt < $0 } ?? false
    }

    var model: String {
        guard let model = entry.model else { return "-" }
        return entry.provider.map { "\($0)/\(model)" } ?? model
    }

    var tokens: String {
        guard entry.inputTokens != nil || entry.outputTokens != nil else { return "-" }
        return "\((entry.inputTokens ?? 0) + (entry.outputTokens ?? 0))"
    }

    var cost: String { entry.costUSD.map { String(format: "$%.4f", $0) } ?? "unknown" }

    var size: String { Self.readableSize(entry.sizeBytes) }

    /// `512 B`, `3.2 KB`, `41.0 MB`.
    static func readableSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / (1024 * 1024))
    }

    /// The listing's fields as JSON.
    var summaryJSON: JSONValue {
        var object: JSONObject = ["key": .string(entry.key)]
        object["pipeline"] = entry.pipeline.map(JSONValue.string) ?? .null
        object["step"] = entry.step.map(JSONValue.string) ?? .null
        object["provider"] = entry.provider.map(JSONValue.string) ?? .null
        object["model"] = entry.model.map(JSONValue.string) ?? .null
        object["created_at"] = .string(entry.createdAt.formatted(.iso8601))
        object["expired"] = .bool(isExpired)
        object["input_tokens"] = entry.inputTokens.map(JSONValue.integer) ?? .null
        object["output_tokens"] = entry.outputTokens.map(JSONValue.integer) ?? .null
        object["cost_usd"] = entry.costUSD.map(JSONValue.double) ?? .null
        object["latency_ms"] = entry.latency.map { .double($0.milliseconds) } ?? .null
        object["size_bytes"] = .integer(entry.sizeBytes)
        return .object(object)
    }

    /// Everything kept: the listing's fields, the hashed material, the response and the output.
    var fullJSON: JSONValue {
        var object = summaryJSON.objectValue ?? [:]
        object["key_material"] = entry.keyMaterial ?? .null
        object["response_text"] = entry.responseText.map(JSONValue.string) ?? .null
        object["output"] = entry.value
        return .object(object)
    }

    /// What `sluice cache show` prints.
    var rendered: String {
        var lines = [
            "key       \(entry.key)",
            "pipeline  \(entry.pipeline ?? "-")    step \(entry.step ?? "-")",
            "model     \(model)",
            "cached    \(entry.createdAt.formatted(.iso8601))\(isExpired ? "  (expired: older than the cache ttl)" : "")",
            "original  \(tokens) tokens (\(entry.inputTokens ?? 0) in, \(entry.outputTokens ?? 0) out), \(cost), "
                + (entry.latency.map { String(format: "%.0f ms", $0.milliseconds) } ?? "latency unknown"),
            "size      \(size)",
        ]
        if let material = entry.keyMaterial {
            lines += ["", "-- hashed into the key --", material.formatted(.pretty)]
        }
        lines += ["", "-- output --", entry.value.stringValue ?? entry.value.formatted(.pretty)]
        return lines.joined(separator: "\n") + "\n"
    }
}
