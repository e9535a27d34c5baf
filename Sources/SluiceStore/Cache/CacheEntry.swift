public import Foundation
public import SluiceCore

/// A cached step result: the accepted output of a model call, under the hash of everything that
/// could change it, with what the original call used and cost.
public struct CacheEntry: Sendable, Hashable {
    /// The hash of the canonical request (hex SHA-256), computed by the caller.
    public var key: String
    /// The cached result: the step's decoded output.
    public var value: JSONValue
    /// When the entry was written.
    public var createdAt: Date
    /// What the original call cost, in US dollars.
    public var costUSD: Double?
    /// How long the original call took.
    public var latency: Duration?
    /// The pipeline whose step wrote it (not part of the key: another pipeline asking the same
    /// thing finds it too).
    public var pipeline: String?
    /// The step that wrote it.
    public var step: String?
    /// The provider account that answered.
    public var provider: String?
    /// The model that answered.
    public var model: String?
    /// The response text as the provider sent it.
    public var responseText: String?
    /// Input tokens of the original call.
    public var inputTokens: Int?
    /// Output tokens of the original call.
    public var outputTokens: Int?
    /// What was hashed to make `key` (rendered messages, model chain, parameters, output mode,
    /// schema), for `sluice cache show`.
    public var keyMaterial: JSONValue?
    /// How many bytes the entry's texts take in the store; `prune` weighs entries by it.
    public var sizeBytes: Int

    /// An entry with the given fields; `createdAt` defaults to now.
    public init(
        key: String, value: JSONValue, createdAt: Date = Date(), costUSD: Double? = nil, latency: Duration? = nil,
        pipeline: String? = nil, step: String? = nil, provider: String? = nil, model: String? = nil,
        responseText: String? = nil, inputTokens: Int? = nil, outputTokens: Int? = nil, keyMaterial: JSONValue? = nil
    ) {
        self.key = key
        self.value = value
        self.createdAt = createdAt
        self.costUSD = costUSD
        self.latency = latency
        self.pipeline = pipeline
        self.step = step
        self.provider = provider
        self.model = model
        self.responseText = responseText
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.keyMaterial = keyMaterial
        self.sizeBytes = 0
    }
}
