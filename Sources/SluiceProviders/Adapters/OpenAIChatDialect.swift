public import Foundation
public import SluiceCore
import SluiceSchema

/// OpenAI Chat Completions, and the servers that copy it: OpenRouter, Groq, Ollama, vLLM, llama.cpp.
///
/// Quirks follow the preset: OpenAI and Groq take `max_completion_tokens`, everyone else
/// `max_tokens` (Ollama ignores the newer name); streamed requests always ask for
/// `stream_options.include_usage` (harmless where ignored); OpenRouter is asked to route only
/// to upstreams that honour `response_format`. Usage falls back to Groq's `x_groq.usage`.
public struct OpenAIChatDialect: WireDialect {
    /// The provider-specific differences.
    public struct Quirks: Sendable, Hashable {
        /// The name of the output-length field.
        public var maxTokensField: String
        /// Whether to ask OpenRouter to route only to upstreams supporting every parameter.
        public var requiresParameters: Bool

        /// The quirks of the provider these settings describe (by preset name or host).
        public init(settings: ProviderSettings) {
            let host = settings.baseURL.flatMap { URL(string: $0)?.host } ?? ""
            let usesNewField =
                ["openai", "groq"].contains(settings.name) || host == "api.openai.com" || host == "api.groq.com"
            maxTokensField = usesNewField ? "max_completion_tokens" : "max_tokens"
            requiresParameters = settings.name == "openrouter" || host == "openrouter.ai"
        }
    }

    /// The quirks in use.
    public var quirks: Quirks

    /// A dialect with the given quirks.
    public init(quirks: Quirks) {
        self.quirks = quirks
    }

    /// The chat-completions request; see ``WireDialect``.
    public func httpRequest(
        for request: ModelRequest, baseURL: URL, key: String?
    ) throws(ProviderError)
        -> ProviderHTTPRequest
    {
        var body = JSONObject()
        body["model"] = .string(request.model)
        body["messages"] = .array(
            request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        if let topP = request.topP { body["top_p"] = .double(topP) }
        if let maxTokens = request.maxTokens { body[quirks.maxTokensField] = .integer(maxTokens) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { body["seed"] = .integer(seed) }
        if case .json(let schema) = request.responseFormat {
            if let schema, let translation = try? SchemaDialectTranslator.translate(schema, to: .openAIStrict) {
                body["response_format"] = [
                    "type": "json_schema",
                    "json_schema": ["name": "output", "strict": true, "schema": translation.schema],
                ]
                if quirks.requiresParameters { body["provider"] = ["require_parameters": true] }
            } else {
                body["response_format"] = ["type": "json_object"]
            }
        }
        body["stream"] = .bool(request.stream)
        if request.stream { body["stream_options"] = ["include_usage": true] }
        for (name, value) in request.extraParameters { body[name] = value }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.set("Authorization", "Bearer \(key)") }
        if request.stream { headers.set("Accept", "text/event-stream") }
        return ProviderHTTPRequest(
            url: baseURL.appendingPathComponent("chat/completions"), headers: headers,
            body: JSONValue.object(body).requestBody)
    }

    /// The parts of a `chat.completion` body.
    public func decodeResponse(
        _ body: JSONValue, provider: String, redactor: SecretRedactor
    ) throws(ProviderError)
        -> [WirePart]
    {
        try WireJSON.requireSuccess(body, raw: "", provider: provider, redactor: redactor)
        var parts: [WirePart] = []
        if let model = body["model"]?.stringValue { parts.append(.model(model)) }
        let choice = body["choices"]?[0]
        if let error = choice?["error"], !error.isNull {
            throw ProviderError(streamError: ["error": error], raw: "", provider: provider, redactor: redactor)
        }
        if let text = choice?["message"]?["content"]?.stringValue { parts.append(.text(text)) }
        if let usage = Self.usage(in: body) { parts.append(.usage(usage)) }
        if let refusal = choice?["message"]?["refusal"]?.stringValue, !refusal.isEmpty {
            parts.append(.finish(.filtered))
        } else if let reason = choice?["finish_reason"]?.stringValue {
            parts.append(.finish(FinishReason(providerValue: reason)))
        }
        return parts
    }

    /// A decoder for `chat.completion.chunk` events ending in `[DONE]`.
    public func makeStreamDecoder(provider: String, redactor: SecretRedactor) -> any WireStreamDecoder {
        StreamDecoder(provider: provider, redactor: redactor)
    }

    static func usage(in body: JSONValue) -> TokenUsage? {
        let usage = body["usage"].flatMap { $0.isNull ? nil : $0 } ?? body["x_groq"]?["usage"]
        guard let usage, let input = usage["prompt_tokens"]?.intValue else { return nil }
        return TokenUsage(
            inputTokens: input, outputTokens: usage["completion_tokens"]?.intValue ?? 0,
            cachedInputTokens: usage["prompt_tokens_details"]?["cached_tokens"]?.intValue)
    }

    private struct StreamDecoder: WireStreamDecoder {
        let provider: String
        let redactor: SecretRedactor
        var sawDone = false
        var sawFinish = false

        var isComplete: Bool { sawDone || sawFinish }

        mutating func decode(_ event: ServerSentEvent) throws(ProviderError) -> [WirePart] {
            if event.type == "error" {
                throw ProviderError(
                    streamError: try? JSONValue(parsing: event.data), raw: event.data, provider: provider,
                    redactor: redactor)
            }
            if event.data.hasPrefix("[DONE]") {
                sawDone = true
                return [.done]
            }
            let chunk = try WireJSON.parse(event: event.data, provider: provider)
            try WireJSON.requireSuccess(chunk, raw: event.data, provider: provider, redactor: redactor)
            var parts: [WirePart] = []
            if let model = chunk["model"]?.stringValue { parts.append(.model(model)) }
            let choice = chunk["choices"]?[0]
            if let text = choice?["delta"]?["content"]?.stringValue, !text.isEmpty { parts.append(.text(text)) }
            if let usage = OpenAIChatDialect.usage(in: chunk) { parts.append(.usage(usage)) }
            if let reason = choice?["finish_reason"]?.stringValue {
                sawFinish = true
                if reason == "error" {
                    throw ProviderError(
                        code: .serverError, message: "the provider ended the stream with finish_reason 'error'",
                        provider: provider)
                }
                parts.append(.finish(FinishReason(providerValue: reason)))
            }
            return parts
        }
    }
}
