/// Leave to send one request on an account, granted by ``RateLimiter/acquire(_:on:lane:)``.
///
/// Hand it back with ``RateLimiter/finish(_:usage:rateLimits:error:)`` when the call ends, however it
/// ends: that frees its concurrency slot and reconciles its estimated tokens with real usage.
public struct TrafficPermit: Sendable, Hashable {
    /// The account the request is sent on.
    public let account: ProviderAccount
    /// What the request was estimated to cost when the permit was granted.
    public let estimate: RequestCost
    /// How long the request waited for the permit (queue, rate limits, pauses, concurrency).
    public let waited: Duration
    /// Each dimension's units the account had taken before this request, for reading later
    /// rate-limit headers against.
    let takenBefore: [RateDimension: Double]
}
