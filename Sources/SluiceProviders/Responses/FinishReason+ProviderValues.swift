public import SluiceCore

extension FinishReason {
    /// Normalises a provider's finish or stop reason (OpenAI, Anthropic, Gemini, OpenRouter,
    /// Groq, OpenAI-compatible local servers).
    public init(providerValue: String) {
        switch providerValue {
        case "stop", "end_turn", "stop_sequence", "STOP": self = .completed
        case "length", "max_tokens", "model_context_window_exceeded", "MAX_TOKENS": self = .length
        case "tool_calls", "function_call", "tool_use": self = .toolCall
        case "content_filter", "refusal", "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "LANGUAGE":
            self = .filtered
        case "pause_turn": self = .paused
        case "error", "OTHER", "FINISH_REASON_UNSPECIFIED", "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL",
            "TOO_MANY_TOOL_CALLS":
            self = .error
        default:
            self = providerValue.hasPrefix("IMAGE_") ? .filtered : FinishReason(rawValue: providerValue)
        }
    }
}
