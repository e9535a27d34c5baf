import SluiceCore
import SluiceProviders
import Testing

@Suite("Provider-neutral vocabulary: finish reasons, errors, requests")
struct ProviderVocabularyTests {
    @Test(
        "finish reasons from every provider map to one vocabulary",
        arguments: [
            ("stop", FinishReason.completed), ("end_turn", .completed), ("stop_sequence", .completed),
            ("STOP", .completed), ("length", .length), ("max_tokens", .length), ("MAX_TOKENS", .length),
            ("model_context_window_exceeded", .length), ("tool_calls", .toolCall), ("tool_use", .toolCall),
            ("content_filter", .filtered), ("refusal", .filtered), ("SAFETY", .filtered),
            ("IMAGE_SAFETY", .filtered), ("pause_turn", .paused), ("error", .error), ("OTHER", .error),
        ])
    func finishReasons(value: String, expected: FinishReason) {
        #expect(FinishReason(providerValue: value) == expected)
    }

    @Test("an unknown finish reason is kept verbatim")
    func unknownFinishReason() {
        #expect(FinishReason(providerValue: "brand_new_reason").rawValue == "brand_new_reason")
    }

    @Test(
        "HTTP statuses classify as retryable or not, as the providers' SDKs do",
        arguments: [
            (400, false), (401, false), (402, false), (403, false), (404, false), (408, true), (409, true),
            (413, false), (422, false), (429, true), (500, true), (502, true), (503, true), (504, true),
            (529, true),
        ])
    func httpClassification(status: Int, retryable: Bool) {
        let error = ProviderError(code: .init(httpStatus: status), message: "m", provider: "p", httpStatus: status)
        #expect(error.isRetryable == retryable)
    }

    @Test("an adapter can overrule the default retry decision, and errors render as coded diagnostics")
    func overrideAndDiagnostic() {
        let quota = ProviderError(
            code: .rateLimited, message: "insufficient_quota", provider: "openai", isRetryable: false)
        #expect(!quota.isRetryable)
        let diagnostic = ProviderError(code: .authentication, message: "invalid key", provider: "anthropic").diagnostic
        #expect(diagnostic.code == "provider-authentication")
        #expect(diagnostic.message == "anthropic: invalid key")
        #expect(diagnostic.hint?.contains("API key") == true)
    }

    @Test("a request's JSON form has a fixed key order and leaves out unset parameters")
    func requestJSON() {
        let request = ModelRequest(
            model: "gpt-4.1-mini", messages: [.system("s"), .user("u")], maxTokens: 100, stop: ["END"],
            output: .xml(tags: ["a"]), stream: true, extraParameters: ["logprobs": true])
        #expect(
            request.jsonValue.formatted(.compact)
                == #"{"model":"gpt-4.1-mini","messages":[{"role":"system","content":"s"},{"role":"user","content":"u"}],"#
                + #""max_tokens":100,"stop":["END"],"output":{"mode":"xml","tags":["a"]},"stream":true,"#
                + #""params":{"logprobs":true}}"#)
    }
}
