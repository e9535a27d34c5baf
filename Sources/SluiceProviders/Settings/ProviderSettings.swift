/// How Sluice reaches one provider account: its wire format, address, key variable and limits.
///
/// Built-in presets (``ProviderSettings/presets``) cover the common providers so that no config
/// file is needed; `providers:` in `sluice.yaml` overrides their fields or adds new providers.
public struct ProviderSettings: Sendable, Hashable {
    /// The wire format a provider speaks.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// OpenAI chat completions (also OpenRouter, Groq, Ollama, vLLM, llama.cpp).
        case openai
        /// Anthropic messages.
        case anthropic
        /// Google Gemini `generateContent`.
        case gemini
        /// The embedded deterministic simulator: no network, no key.
        case local
    }

    /// The name used in model names (`name/model`).
    public var name: String
    /// The wire format.
    public var kind: Kind
    /// The API base URL; `nil` for `local`.
    public var baseURL: String?
    /// The environment variable holding the key; `nil` when the provider needs none.
    public var apiKeyEnvironmentVariable: String?
    /// Requests per minute allowed, when known.
    public var requestsPerMinute: Int?
    /// Tokens (input plus output) per minute allowed, when known.
    public var tokensPerMinute: Int?
    /// Input tokens per minute allowed, when the provider limits them separately.
    public var inputTokensPerMinute: Int?
    /// Output tokens per minute allowed, when the provider limits them separately.
    public var outputTokensPerMinute: Int?
    /// Requests in flight at once, at most.
    public var maximumConcurrency: Int?
    /// The per-request timeout; `nil` uses the step's timeout alone.
    public var timeout: Duration?
    /// Failures in a row that open the account's circuit breaker (`breaker.failures`); `nil`
    /// keeps the default.
    public var breakerFailures: Int?
    /// How long an open circuit breaker refuses calls before a probe (`breaker.cool_down`);
    /// `nil` keeps the default.
    public var breakerCoolDown: Duration?

    /// Settings with every field given.
    public init(
        name: String, kind: Kind, baseURL: String?, apiKeyEnvironmentVariable: String?,
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, inputTokensPerMinute: Int? = nil,
        outputTokensPerMinute: Int? = nil, maximumConcurrency: Int? = nil, timeout: Duration? = nil
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.inputTokensPerMinute = inputTokensPerMinute
        self.outputTokensPerMinute = outputTokensPerMinute
        self.maximumConcurrency = maximumConcurrency
        self.timeout = timeout
    }

    /// The built-in providers, which work with no config file.
    public static let presets: [ProviderSettings] = [
        ProviderSettings(
            name: "openai", kind: .openai, baseURL: "https://api.openai.com/v1",
            apiKeyEnvironmentVariable: "OPENAI_API_KEY"),
        ProviderSettings(
            name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com/v1",
            apiKeyEnvironmentVariable: "ANTHROPIC_API_KEY"),
        ProviderSettings(
            name: "gemini", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta",
            apiKeyEnvironmentVariable: "GEMINI_API_KEY"),
        ProviderSettings(
            name: "openrouter", kind: .openai, baseURL: "https://openrouter.ai/api/v1",
            apiKeyEnvironmentVariable: "OPENROUTER_API_KEY"),
        ProviderSettings(
            name: "groq", kind: .openai, baseURL: "https://api.groq.com/openai/v1",
            apiKeyEnvironmentVariable: "GROQ_API_KEY"),
        ProviderSettings(
            name: "ollama", kind: .openai, baseURL: "http://localhost:11434/v1", apiKeyEnvironmentVariable: nil),
        ProviderSettings(name: "local", kind: .local, baseURL: nil, apiKeyEnvironmentVariable: nil),
    ]
}
