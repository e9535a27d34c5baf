/// Why a response ended, in one vocabulary for every provider.
///
/// Providers' own values map with ``init(providerValue:)`` (the table in
/// `shared/reference/providers.md` §8.5). A value no table knows is kept verbatim, so a new
/// provider value reads as itself rather than being mistaken for a known one.
public struct FinishReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The normalised spelling, e.g. `completed`, or a provider value no table knows.
    public var rawValue: String

    /// A reason with the given spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The model finished on its own or hit a stop sequence.
    public static let completed = FinishReason(rawValue: "completed")
    /// The output hit `max_tokens` (or the context window); structured output is then broken.
    public static let length = FinishReason(rawValue: "length")
    /// The model asked to call a tool.
    public static let toolCall = FinishReason(rawValue: "tool-call")
    /// The provider's safety system stopped or refused the response.
    public static let filtered = FinishReason(rawValue: "filtered")
    /// The provider paused a long turn; sending the conversation again continues it.
    public static let paused = FinishReason(rawValue: "paused")
    /// The provider ended the response with an error.
    public static let error = FinishReason(rawValue: "error")

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

    /// The normalised spelling.
    public var description: String { rawValue }
}
