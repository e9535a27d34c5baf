public import SluiceProviders

/// A cached answer to a model request: what a provider call produced, and what it cost then.
public struct CachedResponse: Sendable, Hashable {
    /// The response text.
    public var text: String
    /// The token usage of the original call.
    public var usage: TokenUsage?
    /// What the original call cost, in US dollars.
    public var costUSD: Double?
    /// How long the original call took.
    public var latency: Duration?

    /// A cached response with every field given.
    public init(text: String, usage: TokenUsage? = nil, costUSD: Double? = nil, latency: Duration? = nil) {
        self.text = text
        self.usage = usage
        self.costUSD = costUSD
        self.latency = latency
    }
}

/// Where the engine looks for an answer before calling a provider, and keeps answers after.
///
/// The engine asks before every model attempt; a hit is recorded as an attempt with
/// `fromCache` and its original cost, and makes no call. ``NoResponseCache`` (the default) never
/// hits, which is today's behaviour.
public protocol ResponseCache: Sendable {
    /// The cached answer to `request` sent to `provider`, if there is one.
    func response(to request: ModelRequest, provider: String) async -> CachedResponse?

    /// Keeps `response` as the answer to `request` sent to `provider`.
    func save(_ response: CachedResponse, for request: ModelRequest, provider: String) async
}

/// A cache that holds nothing: every request goes to its provider.
public struct NoResponseCache: ResponseCache {
    /// The empty cache.
    public init() {}

    /// Always `nil`.
    public func response(to request: ModelRequest, provider: String) async -> CachedResponse? { nil }

    /// Keeps nothing.
    public func save(_ response: CachedResponse, for request: ModelRequest, provider: String) async {}
}
