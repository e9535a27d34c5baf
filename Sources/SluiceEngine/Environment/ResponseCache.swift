public import SluiceCore
public import SluiceProviders

/// A cached answer to a model step: the accepted output and what producing it cost then.
public struct CachedResponse: Sendable, Hashable {
    /// The response text as the provider sent it.
    public var text: String
    /// The step's decoded (and, for a schema step, validated) output.
    public var output: JSONValue
    /// The provider account that answered.
    public var provider: String
    /// The model of the chain that answered, as the chain names it (`provider/model` without the provider).
    public var model: String
    /// The token usage of the original call.
    public var usage: TokenUsage?
    /// What the original call cost, in US dollars.
    public var costUSD: Double?
    /// How long the original call took.
    public var latency: Duration?

    /// A cached response with every field given.
    public init(
        text: String, output: JSONValue, provider: String, model: String, usage: TokenUsage? = nil,
        costUSD: Double? = nil, latency: Duration? = nil
    ) {
        self.text = text
        self.output = output
        self.provider = provider
        self.model = model
        self.usage = usage
        self.costUSD = costUSD
        self.latency = latency
    }
}

/// Where the engine looks for a model step's answer before calling any model of its chain, and
/// keeps the accepted answer after.
///
/// The engine asks once per step (or fan-out item) with the step's ``CacheKey``; a hit is
/// recorded as an attempt with `fromCache` and its original cost, and makes no call. Only an
/// output that decoded and validated is saved. ``NoResponseCache`` never hits (`--no-cache`).
public protocol ResponseCache: Sendable {
    /// The cached answer under `key`, if there is one that may be used.
    func response(for key: CacheKey) async -> CachedResponse?

    /// Keeps `response` under `key`.
    func save(_ response: CachedResponse, for key: CacheKey) async

    /// Makes every answer saved so far durable; the engine calls it before a run ends.
    func flush() async
}

extension ResponseCache {
    /// Nothing to do for a cache that keeps each answer as it is saved.
    public func flush() async {}
}

/// A cache that holds nothing: every request goes to its provider.
public struct NoResponseCache: ResponseCache {
    /// The empty cache.
    public init() {}

    /// Always `nil`.
    public func response(for key: CacheKey) async -> CachedResponse? { nil }

    /// Keeps nothing.
    public func save(_ response: CachedResponse, for key: CacheKey) async {}
}
