public import SluiceCore

/// Everything a provider needs for one call: the conversation, the sampling parameters, the
/// output mode and whether to stream.
///
/// ``model`` is the provider's own model id, without the `provider/` prefix (`gpt-4.1-mini`,
/// `slow`); routing on the prefix happens before a provider sees the request. Parameters left
/// `nil` are not sent, so the provider's default applies.
public struct ModelRequest: Sendable, Hashable {
    /// The provider's model id, without the provider prefix.
    public var model: String
    /// The conversation, in order.
    public var messages: [ChatMessage]
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// The most output tokens to produce; reaching it ends the response with ``FinishReason/length``.
    public var maxTokens: Int?
    /// Sequences that end the response where they would appear (not included in the text).
    public var stop: [String]
    /// A sampling seed, for providers that support one.
    public var seed: Int?
    /// The output shape wanted.
    public var output: OutputMode
    /// Whether the caller shows tokens as they arrive. Adapters may stream internally either way
    /// (to detect stalls); this says whether deltas should be fine-grained.
    public var stream: Bool
    /// Provider-specific parameters passed through unchanged (the pipeline's `params:`).
    public var extraParameters: JSONObject

    /// A request with the given fields; everything but the model and messages is optional.
    public init(
        model: String,
        messages: [ChatMessage],
        temperature: Double? = nil,
        topP: Double? = nil,
        maxTokens: Int? = nil,
        stop: [String] = [],
        seed: Int? = nil,
        output: OutputMode = .text,
        stream: Bool = false,
        extraParameters: JSONObject = [:]
    ) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.output = output
        self.stream = stream
        self.extraParameters = extraParameters
    }
}
