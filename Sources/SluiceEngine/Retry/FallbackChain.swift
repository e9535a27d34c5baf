public import SluicePipeline

/// A step's models in the order they are tried, and which one is being tried now.
///
/// The chain starts at its first model; ``moveOn()`` gives up on the current one. Each model
/// gets its own retries (see ``RetryPolicy``).
public struct FallbackChain: Sendable, Hashable {
    /// Every model of the chain, in order.
    public let models: [ModelReference]
    /// The index of the model being tried.
    public private(set) var position = 0

    /// A chain over `models`, starting at the first.
    public init(_ models: [ModelReference]) {
        self.models = models
    }

    /// The model being tried, or `nil` once the chain is used up.
    public var current: ModelReference? {
        models.indices.contains(position) ? models[position] : nil
    }

    /// The model after the current one, if there is one.
    public var next: ModelReference? {
        models.indices.contains(position + 1) ? models[position + 1] : nil
    }

    /// Gives up on the current model and moves on to the next.
    public mutating func moveOn() {
        position += 1
    }
}
