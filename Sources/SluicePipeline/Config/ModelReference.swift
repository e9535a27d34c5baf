/// One concrete model: a provider name and the provider's own model identifier.
public struct ModelReference: Sendable, Hashable, CustomStringConvertible {
    /// The provider, a preset or one configured in `sluice.yaml`.
    public var provider: String
    /// The model identifier as the provider spells it (may itself contain `/`, as OpenRouter's do).
    public var model: String

    /// A reference to `model` at `provider`.
    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// `provider/model`.
    public var description: String { "\(provider)/\(model)" }
}
