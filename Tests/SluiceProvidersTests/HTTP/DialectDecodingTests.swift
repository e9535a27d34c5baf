import Foundation
import SluiceCore
import SluiceProviders
import SluiceSchema
import Testing

@Suite("Decoding provider responses")
struct DialectDecodingTests {
    private let redactor = SecretRedactor()

    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test("a 200 chat-completion body holding an error is an error, not an empty answer")
    func errorInSuccessBody() throws {
        let dialect = OpenAIChatDialect(quirks: .init(settings: ProviderSettings.presets[0]))
        let body = try json(#"{"error":{"message":"upstream overloaded","type":"server_error"}}"#)
        #expect(throws: ProviderError.self) { try dialect.decodeResponse(body, provider: "p", redactor: redactor) }
        let choiceError = try json(
            #"{"choices":[{"error":{"code":502,"message":"Provider disconnected"},"finish_reason":"error"}]}"#)
        let error = try #require(throws: ProviderError.self) {
            try dialect.decodeResponse(choiceError, provider: "p", redactor: redactor)
        }
        #expect(error.code == .serverError)
    }

    @Test("Groq's x_groq.usage counts when usage is absent; unknown fields are ignored")
    func groqUsage() throws {
        let dialect = OpenAIChatDialect(quirks: .init(settings: ProviderSettings.presets[0]))
        let body = try json(
            #"{"model":"llama","obfuscation":"zz","choices":[{"message":{"content":"hi"},"finish_reason":"stop","native_finish_reason":"eos"}],"x_groq":{"id":"x","usage":{"prompt_tokens":9,"completion_tokens":2}}}"#
        )
        let parts = try dialect.decodeResponse(body, provider: "groq", redactor: redactor)
        #expect(parts.contains(.usage(TokenUsage(inputTokens: 9, outputTokens: 2))))
        #expect(parts.contains(.text("hi")))
        #expect(parts.contains(.finish(.completed)))
    }

    @Test("Gemini thought parts are not part of the answer; thoughts count as output tokens")
    func geminiThoughts() throws {
        let body = try json(
            #"{"candidates":[{"content":{"parts":[{"text":"pondering","thought":true},{"text":"42"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":1,"thoughtsTokenCount":30,"cachedContentTokenCount":2}}"#
        )
        let parts = try GeminiDialect().decodeResponse(body, provider: "gemini", redactor: redactor)
        #expect(parts.contains(.text("42")))
        #expect(!parts.contains(.text("pondering42")))
        #expect(parts.contains(.usage(TokenUsage(inputTokens: 5, outputTokens: 31, cachedInputTokens: 2))))
    }

    @Test("Anthropic input counts cache reads and writes; a provider value no table knows is kept")
    func anthropicUsageAndUnknownStop() throws {
        let body = try json(
            #"{"model":"claude","content":[{"type":"thinking","thinking":"…"},{"type":"text","text":"ok"}],"stop_reason":"brand_new_reason","usage":{"input_tokens":10,"cache_creation_input_tokens":3,"cache_read_input_tokens":4,"output_tokens":6}}"#
        )
        let parts = try AnthropicMessagesDialect().decodeResponse(body, provider: "anthropic", redactor: redactor)
        #expect(parts.contains(.text("ok")))
        #expect(parts.contains(.usage(TokenUsage(inputTokens: 17, outputTokens: 6, cachedInputTokens: 4))))
        #expect(parts.contains(.finish(FinishReason(rawValue: "brand_new_reason"))))
    }

    @Test("OpenRouter schema requests ask to be routed only to upstreams that honour the schema")
    func openRouterRequiresParameters() throws {
        let settings = try #require(ProviderSettings.presets.first { $0.name == "openrouter" })
        let schema = try Schema(["type": "object", "properties": ["a": ["type": "string"]]])
        let request = ModelRequest(
            model: "openai/gpt-4.1-mini", messages: [.user("x")], responseFormat: .json(schema: schema))
        let http = try OpenAIChatDialect(quirks: .init(settings: settings))
            .httpRequest(for: request, baseURL: URL(fileURLWithPath: "/"), key: "k")
        let body = try JSONValue(parsing: http.body)
        #expect(body["provider"]?["require_parameters"] == true)
        #expect(body["max_tokens"] == nil)
    }
}
