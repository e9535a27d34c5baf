public import SluicePipeline
public import SluiceProviders

/// What a model call cost, from its token usage.
public protocol CostModel: Sendable {
    /// The cost in US dollars of `usage` on `provider`'s `model`, or `nil` when its price is unknown.
    func cost(of usage: TokenUsage, provider: String, model: String) -> Double?
}

/// Costs from a price table keyed `provider/model`: ``BuiltInPrices`` overridden by `prices:` in
/// `sluice.yaml` (``standard(overriding:)``). The embedded `local` provider is free; a model with no
/// price costs `nil` (unknown): `sluice show` says so, and a budget cannot count it.
public struct PriceTable: CostModel {
    /// Dollars per million tokens, by `provider/model`.
    public var prices: [String: ModelPrice]

    /// A table of `prices`.
    public init(_ prices: [String: ModelPrice]) {
        self.prices = prices
    }

    /// The built-in prices with `overrides` (the project's `prices:`) replacing or adding entries.
    public static func standard(overriding overrides: [String: ModelPrice]) -> PriceTable {
        PriceTable(BuiltInPrices.table.merging(overrides) { _, override in override })
    }

    /// Input and output tokens at the model's price.
    public func cost(of usage: TokenUsage, provider: String, model: String) -> Double? {
        guard provider != "local" else { return 0 }
        guard let price = prices["\(provider)/\(model)"] else { return nil }
        return (Double(usage.inputTokens) * price.input + Double(usage.outputTokens) * price.output) / 1_000_000
    }
}
