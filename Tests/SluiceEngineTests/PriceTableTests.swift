import SluiceEngine
import SluicePipeline
import SluiceProviders
import Testing

/// The price table: built-in prices, the project's overrides, and models with no price.
@Suite
struct PriceTableTests {
    static let million = TokenUsage(inputTokens: 1_000_000, outputTokens: 1_000_000)

    @Test(
        "built-in prices cover common models of every hosted provider",
        arguments: [
            ("openai", "gpt-4.1-mini", 0.40 + 1.60), ("anthropic", "claude-sonnet-4-5", 3.00 + 15.00),
            ("gemini", "gemini-2.5-flash", 0.30 + 2.50), ("groq", "llama-3.1-8b-instant", 0.05 + 0.08),
            ("openrouter", "openai/gpt-4.1-mini", 0.40 + 1.60),
        ])
    func builtInPrices(provider: String, model: String, dollars: Double) throws {
        let cost = try #require(
            PriceTable.standard(overriding: [:]).cost(of: Self.million, provider: provider, model: model))
        #expect(abs(cost - dollars) < 1e-9)
    }

    @Test("a price in sluice.yaml replaces the built-in one and adds models")
    func overrides() {
        let table = PriceTable.standard(overriding: [
            "openai/gpt-4.1-mini": ModelPrice(input: 1, output: 1), "vllm/qwen": ModelPrice(input: 2, output: 0),
        ])
        #expect(table.cost(of: Self.million, provider: "openai", model: "gpt-4.1-mini") == 2)
        #expect(table.cost(of: Self.million, provider: "vllm", model: "qwen") == 2)
        #expect(table.cost(of: Self.million, provider: "anthropic", model: "claude-haiku-4-5") == 6)
    }

    @Test("a model with no price costs nil (unknown), never $0; the local simulator is free")
    func unknownAndLocal() {
        let table = PriceTable.standard(overriding: [:])
        #expect(table.cost(of: Self.million, provider: "openai", model: "gpt-unreleased") == nil)
        #expect(table.cost(of: Self.million, provider: "local", model: "default") == 0)
    }

    @Test("the unpriced models of a plan are listed once each, in step order")
    func unpricedModelsOfAPlan() throws {
        let plan = try EngineHarness.plan("fallback")
        let costs = PriceTable([:])
        let unpriced = costs.unpricedModels(in: plan).map(\.description)
        // local/flaky is the free simulator; the HTTP model has no price in an empty table.
        #expect(unpriced == ["openai/gpt-4.1-mini"])
        #expect(PriceTable.standard(overriding: [:]).unpricedModels(in: plan).isEmpty)
    }
}
