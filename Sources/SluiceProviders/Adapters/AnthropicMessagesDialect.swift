public import Foundation
public import SluiceCore
import SluiceSchema

/// Anthropic Messages: `x-api-key` and `anthropic-version` headers, a required `max_tokens`,
/// the system prompt at the top level, named stream events with cumulative usage.
///
/// Structured output uses `output_config.format` with the schema in Anthropic's dialect; the
/// JSON comes back as text.
public struct AnthropicMessagesDialect: WireDialect {
    /// The API version sent in `anthropic-version`.
    public static let apiVersion = "2023-06-01"
    /// `max_tokens` when the step sets none, since Anthropic requires one.
    public static let defaultMaxTokens = 4096

    /// The dialect.
    public init() {}

    /// The messages request; see ``WireDialect``.
    public func httpRequest(
        for request: ModelRequest, baseURL: URL, key: String?
    ) throws(ProviderError)
        -> ProviderHTTPRequest
    {
        var body = JSONObject()
        body["model"] = .string(request.model)
        body["max_tokens"] = .integer(request.maxTokens ?? Self.defaultMaxTokens)
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        body["messages"] = .array(
            request.messages.filter { $0.role != .system }.map {
                ["role": .string($0.role.rawValue), "content": .string($0.content)]
            })
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        if let topP = request.topP { body["top_p"] = .double(topP) }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if case .json(let schema?) = request.responseFormat,
            let translation = try? SchemaDialectTranslator.translate(schema, to: .anthropic)
        {
            body["output_config"] = ["format": ["type": "json_schema", "schema": translation.schema]]
        }
        if request.stream { body["stream"] = true }
        for (name, value) in request.extraParameters { body[name] = value }
        var headers: HTTPHeaders = ["Content-Type": "application/json", "anthropic-version": .init(Self.apiVersion)]
        if let key { headers.set("x-api-key", key) }
        if request.stream { headers.set("Accept", "text/event-stream") }
        return ProviderHTTPRequest(
            url: baseURL.appendingPathComponent("messages"), headers: headers, body: JSONValue.object(body).requestBody)
    }

    /// The parts of a `message` body: text blocks joined (a forced tool call's input as JSON
    /// when there is no text), the stop reason and usage.
    public func decodeResponse(
        _ body: JSONValue, provider: String, redactor: SecretRedactor
    ) throws(ProviderError)
        -> [WirePart]
    {
        if body["type"]?.stringValue == "error" || body["error"]?.objectValue != nil {
            throw ProviderError(streamError: body, raw: "", provider: provider, redactor: redactor)
        }
        guard let blocks = body["content"]?.arrayValue else {
            throw ProviderError(code: .invalidResponse, message: "the response has no 'content'", provider: provider)
        }
        var parts: [WirePart] = []
        if let model = body["model"]?.stringValue { parts.append(.model(model)) }
        let text = blocks.filter { $0["type"]?.stringValue == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        if !text.isEmpty {
            parts.append(.text(text))
        } else if let input = blocks.first(where: { $0["type"]?.stringValue == "tool_use" })?["input"] {
            parts.append(.text(input.formatted(.compact)))
        }
        if let usage = body["usage"], let tokens = Self.usage(usage, previous: nil) { parts.append(.usage(tokens)) }
        if let reason = body["stop_reason"]?.stringValue { parts.append(.finish(FinishReason(providerValue: reason))) }
        return parts
    }

    /// A decoder for the named events ending in `message_stop`.
    public func makeStreamDecoder(provider: String, redactor: SecretRedactor) -> any WireStreamDecoder {
        StreamDecoder(provider: provider, redactor: redactor)
    }

    /// Usage from an Anthropic `usage` object: input counts cache reads and writes too. Fields
    /// the object lacks keep their `previous` value (a `message_delta` may carry only output).
    static func usage(_ usage: JSONValue, previous: TokenUsage?) -> TokenUsage? {
        let base = usage["input_tokens"]?.intValue
        let cacheWrite = usage["cache_creation_input_tokens"]?.intValue ?? 0
        let cacheRead = usage["cache_read_input_tokens"]?.intValue
        let input = base.map { $0 + cacheWrite + (cacheRead ?? 0) } ?? previous?.inputTokens
        let output = usage["output_tokens"]?.intValue ?? previous?.outputTokens
        guard let input, let output else { return nil }
        return TokenUsage(
            inputTokens: input, outputTokens: output, cachedInputTokens: cacheRead ?? previous?.cachedInputTokens)
    }

    private struct StreamDecoder: WireStreamDecoder {
        let provider: String
        let redactor: SecretRedactor
        var usage: TokenUsage?
        var sawStop = false

        var isComplete: Bool { sawStop }

        mutating func decode(_ event: ServerSentEvent) throws(ProviderError) -> [WirePart] {
            let payload = try? JSONValue(parsing: event.data)
            let type = payload?["type"]?.stringValue ?? event.type
            switch type {
            case "error":
                throw ProviderError(streamError: payload, raw: event.data, provider: provider, redactor: redactor)
            case "message_start":
                var parts: [WirePart] = []
                if let model = payload?["message"]?["model"]?.stringValue { parts.append(.model(model)) }
                if let object = payload?["message"]?["usage"], let tokens = Self.usage(object, &usage) {
                    parts.append(.usage(tokens))
                }
                return parts
            case "content_block_delta":
                let delta = payload?["delta"]
                if delta?["type"]?.stringValue == "text_delta", let text = delta?["text"]?.stringValue {
                    return [.text(text)]
                }
                if delta?["type"]?.stringValue == "input_json_delta", let json = delta?["partial_json"]?.stringValue {
                    return [.text(json)]
                }
                return []
            case "message_delta":
                var parts: [WirePart] = []
                if let object = payload?["usage"], let tokens = Self.usage(object, &usage) {
                    parts.append(.usage(tokens))
                }
                if let reason = payload?["delta"]?["stop_reason"]?.stringValue {
                    parts.append(.finish(FinishReason(providerValue: reason)))
                }
                return parts
            case "message_stop":
                sawStop = true
                return [.done]
            default:
                return []
            }
        }

        private static func usage(_ object: JSONValue, _ current: inout TokenUsage?) -> TokenUsage? {
            current = AnthropicMessagesDialect.usage(object, previous: current) ?? current
            return current
        }
    }
}
