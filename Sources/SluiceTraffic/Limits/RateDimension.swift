/// One budget a provider account is limited on, per minute.
public enum RateDimension: String, Sendable, Hashable, CaseIterable, Codable {
    /// Requests per minute (`rpm`).
    case requests
    /// Input plus output tokens per minute (`tpm`).
    case tokens
    /// Input tokens per minute, where limited separately (`itpm`, Anthropic).
    case inputTokens = "input-tokens"
    /// Output tokens per minute, where limited separately (`otpm`, Anthropic).
    case outputTokens = "output-tokens"
}
