public import Foundation
public import SluiceCore
import SluiceSchema

/// Google Gemini `generateContent` and `streamGenerateContent?alt=sse`: the key in the
/// `x-goog-api-key` header (never `?key=` in the URL), roles `user` and `model`, the system
/// prompt in `systemInstruction`, sampling in `generationConfig`, structured output through
/// `responseJsonSchema`. Each stream event is a whole response holding only new text, with
/// running usage totals; the stream ends when the connection closes.
public struct GeminiDialect: WireDialect {
    /// The dialect.
    public init() {}

    /// The generate-content request; see ``WireDialect``.
    public func httpRequest(
        for request: ModelRequest, baseURL: URL, key: String?
    ) throws(ProviderError)
        -> ProviderHTTPRequest
    {
        var body = JSONObject()
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        if !system.isEmpty {
            body["systemInstruction"] = ["parts": [["text": .string(system.joined(separator: "\n\n"))]]]
        }
        body["contents"] = .array(
            request.messages.filter { $0.role != .system }.map {
                ["role": $0.role == .assistant ? "model" : "user", "parts": [["text": .string($0.content)]]]
            })
        var generation = JSONObject()
        if let temperature = request.temperature { generation["temperature"] = .double(temperature) }
        if let topP = request.topP { generation["topP"] = .double(topP) }
        if let maxTokens = request.maxTokens { generation["maxOutputTokens"] = .integer(maxTokens) }
        if !request.stop.isEmpty { generation["stopSequences"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { generation["seed"] = .integer(seed) }
        if case .json(let schema) = request.responseFormat {
            generation["responseMimeType"] = "application/json"
            if let schema, let translation = try? SchemaDialectTranslator.translate(schema, to: .gemini) {
                generation["responseJsonSchema"] = translation.schema
            }
        }
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        for (name, value) in request.extraParameters { body[name] = value }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.set("x-goog-api-key", key) }
        let method = request.stream ? "streamGenerateContent" : "generateContent"
        let path = baseURL.appendingPathComponent("models").appendingPathComponent("\(request.model):\(method)")
        var url = path
        if request.stream, var components = URLComponents(url: path, resolvingAgainstBaseURL: false) {
            components.queryItems = [URLQueryItem(name: "alt", value: "sse")]
            url = components.url ?? path
        }
        return ProviderHTTPRequest(url: url, headers: headers, body: JSONValue.object(body).requestBody)
    }

    /// The parts of a `GenerateContentResponse`.
    public func decodeResponse(
        _ body: JSONValue, provider: String, redactor: SecretRedactor
    ) throws(ProviderError)
        -> [WirePart]
    {
        try Self.parts(of: body, raw: "", provider: provider, redactor: redactor)
    }

    /// A decoder for `alt=sse` events.
    public func makeStreamDecoder(provider: String, redactor: SecretRedactor) -> any WireStreamDecoder {
        StreamDecoder(provider: provider, redactor: redactor)
    }

    static func parts(
        of body: JSONValue, raw: String, provider: String, redactor: SecretRedactor
    ) throws(ProviderError)
        -> [WirePart]
    {
        try WireJSON.requireSuccess(body, raw: raw, provider: provider, redactor: redactor)
        var parts: [WirePart] = []
        if let model = body["modelVersion"]?.stringValue { parts.append(.model(model)) }
        let candidate = body["candidates"]?[0]
        if candidate == nil, let blocked = body["promptFeedback"]?["blockReason"]?.stringValue {
            throw ProviderError(
                code: .contentFilter, message: "the prompt was blocked (\(blocked))", provider: provider)
        }
        let text = (candidate?["content"]?["parts"]?.arrayValue ?? [])
            .filter { $0["thought"]?.boolValue != true }
            .compactMap { $0["text"]?.stringValue }.joined()
        if !text.isEmpty { parts.append(.text(text)) }
        if let usage = body["usageMetadata"], let input = usage["promptTokenCount"]?.intValue {
            let output = (usage["candidatesTokenCount"]?.intValue ?? 0) + (usage["thoughtsTokenCount"]?.intValue ?? 0)
            parts.append(
                .usage(
                    TokenUsage(
                        inputTokens: input, outputTokens: output,
                        cachedInputTokens: usage["cachedContentTokenCount"]?.intValue)))
        }
        if let reason = candidate?["finishReason"]?.stringValue {
            parts.append(.finish(FinishReason(providerValue: reason)))
        }
        return parts
    }

    private struct StreamDecoder: WireStreamDecoder {
        let provider: String
        let redactor: SecretRedactor
        var sawFinish = false

        var isComplete: Bool { sawFinish }

        mutating func decode(_ event: ServerSentEvent) throws(ProviderError) -> [WirePart] {
            let chunk = try WireJSON.parse(event: event.data, provider: provider)
            let parts = try GeminiDialect.parts(of: chunk, raw: event.data, provider: provider, redactor: redactor)
            if parts.contains(where: { if case .finish = $0 { true } else { false } }) { sawFinish = true }
            return parts
        }
    }
}
