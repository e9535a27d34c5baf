import Foundation
import SluiceCore

/// The parts of a provider's error body that classification reads, from any dialect's shape:
/// OpenAI/Groq/OpenRouter/Ollama `{"error": {message, type, code}}`, Anthropic
/// `{"type": "error", "error": {type, message, details}}`, Gemini `{"error": {code, message,
/// status, details}}`, vLLM's flat `{"object": "error", message, type, code}`.
struct ProviderErrorBody {
    /// The human message.
    var message: String?
    /// The error's type or status name (`invalid_request_error`, `RESOURCE_EXHAUSTED`…).
    var kind: String?
    /// The error's string code (`insufficient_quota`, `context_length_exceeded`…).
    var code: String?
    /// A numeric code, which these bodies use for the HTTP status.
    var status: Int?
    /// Gemini's `RetryInfo.retryDelay`.
    var retryDelay: Duration?
    /// Every other string in the body that classification may match (detail reasons, quota ids).
    var details: [String] = []

    init(json: JSONValue?) {
        guard let json else { return }
        let error: JSONValue = json["error"].flatMap { $0.objectValue != nil ? $0 : nil } ?? json
        if let text = json["error"]?.stringValue { message = text }
        message = message ?? error["message"]?.stringValue
        kind = error["type"]?.stringValue ?? error["status"]?.stringValue
        if let text = error["code"]?.stringValue { code = text } else { status = error["code"]?.intValue }
        if let text = error["details"]?["error_code"]?.stringValue { details.append(text) }
        if let limitSource = error["metadata"]?["limit_source"]?.stringValue { details.append(limitSource) }
        for entry in error["details"]?.arrayValue ?? [] {
            if let type = entry["@type"]?.stringValue, type.hasSuffix("google.rpc.RetryInfo"),
                let delay = entry["retryDelay"]?.stringValue
            {
                retryDelay = ServerDelay.protobufDuration(delay)
            }
            if let reason = entry["reason"]?.stringValue { details.append(reason) }
            for violation in entry["violations"]?.arrayValue ?? [] {
                if let quota = violation["quotaId"]?.stringValue { details.append(quota) }
            }
        }
    }

    private var lowercasedMessage: String { message?.lowercased() ?? "" }

    /// A 429 that waiting will not fix.
    var isQuotaExhaustion: Bool {
        code == "insufficient_quota" || kind == "insufficient_quota"
            || details.contains {
                $0 == "enforced_spend_limit_reached" || $0.contains("PerDay") || $0.contains("daily")
            }
            || lowercasedMessage.contains("per-day") || lowercasedMessage.contains("exceeded your current quota")
    }

    /// A request longer than the model's context window.
    var isContextOverflow: Bool {
        code == "context_length_exceeded" || kind == "exceed_context_size_error"
            || [
                "maximum context length", "prompt is too long", "exceeds the maximum number of tokens",
                "exceed context limit", "context window",
            ].contains { lowercasedMessage.contains($0) }
    }

    /// A refusal by the provider's content policy.
    var isContentFilter: Bool {
        code == "content_filter" || code == "content_policy_violation" || kind == "content_policy_violation"
    }

    /// Gemini's invalid key, which arrives as a 400.
    var isInvalidKey: Bool { details.contains("API_KEY_INVALID") }

    /// An unknown model reported with a status other than 404.
    var isModelNotFound: Bool { code == "model_not_found" }
}
