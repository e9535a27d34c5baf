public import SluicePipeline

/// List prices of common models, in US dollars per million input and output tokens, keyed
/// `provider/model` as pipelines name them.
///
/// Taken 2026-11-30 from the providers' published pricing (standard tier, no batch or cached-input
/// discounts; Gemini 2.5 Pro at its price for prompts up to 200k tokens; OpenRouter passes the
/// upstream provider's price through). Prices change: `prices:` in `sluice.yaml` overrides any
/// entry and adds models (docs/config.md).
public enum BuiltInPrices {
    /// Every built-in price.
    public static let table: [String: ModelPrice] = [
        // OpenAI
        "openai/gpt-5": ModelPrice(input: 1.25, output: 10.00),
        "openai/gpt-5-mini": ModelPrice(input: 0.25, output: 2.00),
        "openai/gpt-5-nano": ModelPrice(input: 0.05, output: 0.40),
        "openai/gpt-4.1": ModelPrice(input: 2.00, output: 8.00),
        "openai/gpt-4.1-mini": ModelPrice(input: 0.40, output: 1.60),
        "openai/gpt-4.1-nano": ModelPrice(input: 0.10, output: 0.40),
        "openai/gpt-4o": ModelPrice(input: 2.50, output: 10.00),
        "openai/gpt-4o-mini": ModelPrice(input: 0.15, output: 0.60),
        "openai/o3": ModelPrice(input: 2.00, output: 8.00),
        "openai/o4-mini": ModelPrice(input: 1.10, output: 4.40),
        // Anthropic
        "anthropic/claude-opus-4-1": ModelPrice(input: 15.00, output: 75.00),
        "anthropic/claude-opus-4-0": ModelPrice(input: 15.00, output: 75.00),
        "anthropic/claude-sonnet-4-5": ModelPrice(input: 3.00, output: 15.00),
        "anthropic/claude-sonnet-4-0": ModelPrice(input: 3.00, output: 15.00),
        "anthropic/claude-3-7-sonnet-latest": ModelPrice(input: 3.00, output: 15.00),
        "anthropic/claude-haiku-4-5": ModelPrice(input: 1.00, output: 5.00),
        "anthropic/claude-3-5-haiku-latest": ModelPrice(input: 0.80, output: 4.00),
        // Gemini
        "gemini/gemini-2.5-pro": ModelPrice(input: 1.25, output: 10.00),
        "gemini/gemini-2.5-flash": ModelPrice(input: 0.30, output: 2.50),
        "gemini/gemini-2.5-flash-lite": ModelPrice(input: 0.10, output: 0.40),
        "gemini/gemini-2.0-flash": ModelPrice(input: 0.10, output: 0.40),
        // Groq
        "groq/llama-3.1-8b-instant": ModelPrice(input: 0.05, output: 0.08),
        "groq/llama-3.3-70b-versatile": ModelPrice(input: 0.59, output: 0.79),
        "groq/openai/gpt-oss-120b": ModelPrice(input: 0.15, output: 0.75),
        // OpenRouter (the upstream price, passed through)
        "openrouter/openai/gpt-4.1-mini": ModelPrice(input: 0.40, output: 1.60),
        "openrouter/openai/gpt-4o-mini": ModelPrice(input: 0.15, output: 0.60),
        "openrouter/anthropic/claude-sonnet-4.5": ModelPrice(input: 3.00, output: 15.00),
        "openrouter/anthropic/claude-haiku-4.5": ModelPrice(input: 1.00, output: 5.00),
        "openrouter/google/gemini-2.5-flash": ModelPrice(input: 0.30, output: 2.50),
    ]
}
