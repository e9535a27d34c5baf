public import Foundation
public import SluiceCore

/// A cached step result: the value a provider call produced, under the hash of its request.
public struct CacheEntry: Sendable, Hashable {
    /// The hash of the canonical request (hex SHA-256), computed by the caller.
    public var key: String
    /// The cached result.
    public var value: JSONValue
    /// When the entry was written.
    public var createdAt: Date
    /// What the original call cost, in US dollars.
    public var costUSD: Double?
    /// How long the original call took.
    public var latency: Duration?

    /// An entry with the given fields; `createdAt` defaults to now.
    public init(
        key: String, value: JSONValue, createdAt: Date = Date(), costUSD: Double? = nil, latency: Duration? = nil
    ) {
        self.key = key
        self.value = value
        self.createdAt = createdAt
        self.costUSD = costUSD
        self.latency = latency
    }
}
