/// What ``SluiceStore/pruneCache(expiredBefore:maximumBytes:)`` removed and left.
public struct CachePruning: Sendable, Hashable {
    /// Entries removed for being older than the time to live.
    public var expired = 0
    /// Entries removed, oldest first, to bring the cache under its size cap.
    public var evicted = 0
    /// Entries left.
    public var remainingEntries = 0
    /// Bytes the remaining entries weigh.
    public var remainingBytes = 0

    /// Nothing removed yet.
    public init() {}
}
