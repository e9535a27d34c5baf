import Foundation
import SluiceCore
import SluiceProviders
import SluiceSchema
import SluiceTestSupport
import Synchronization
import Testing

@Suite("HTTP providers against the mock server")
struct HTTPModelProviderTests {
    private let mock = MockHarness.shared
    typealias Dialect = MockHarness.Dialect

    private func request(
        _ prompt: String, stream: Bool, format: ResponseFormat = .text, maxTokens: Int? = nil
    ) -> ModelRequest {
        ModelRequest(
            model: "test-model", messages: [.system("Be brief."), .user(prompt)], maxTokens: maxTokens,
            responseFormat: format, stream: stream)
    }

    private func call(_ provider: some ModelProvider, _ request: ModelRequest) async -> CollectedResponse {
        await CollectedResponse.collect(provider.stream(request))
    }

    // MARK: - Replies

    @Test(
        "streamed and non-streamed replies agree: same text, usage and finish, events in order",
        arguments: Dialect.allCases)
    func streamedEqualsWhole(_ dialect: Dialect) async throws {
        let provider = mock.provider(dialect)
        let whole = await call(provider, request("tell me about rivers", stream: false))
        let streamed = await call(provider, request("tell me about rivers", stream: true))
        #expect(whole.error == nil)
        #expect(streamed.error == nil)
        #expect(whole.text == "Mock reply from test-model: tell me about rivers")
        #expect(streamed.text == whole.text)
        #expect(streamed.deltaCount > 1)
        #expect(whole.usage == streamed.usage)
        #expect(whole.usage?.outputTokens == 8)
        #expect((whole.usage?.inputTokens ?? 0) > 0)
        #expect(whole.finishReason == .completed)
        #expect(streamed.finishReason == .completed)
        guard case .started(let info) = streamed.events.first else {
            Issue.record("the first event is not started")
            return
        }
        #expect(info.httpStatus == 200)
        #expect(info.model == "test-model")
    }

    @Test("a reply cut at the token limit finishes with length", arguments: Dialect.allCases)
    func lengthFinish(_ dialect: Dialect) async {
        for stream in [false, true] {
            let response = await call(mock.provider(dialect), request("go on [mock:fault=length]", stream: stream))
            #expect(response.error == nil)
            #expect(response.finishReason == .length)
        }
    }

    @Test("a content-policy refusal is a content-filter error or a filtered finish", arguments: Dialect.allCases)
    func contentFilter(_ dialect: Dialect) async {
        let response = await call(mock.provider(dialect), request("bad [mock:fault=content-filter]", stream: true))
        switch dialect {
        case .anthropic: #expect(response.finishReason == .filtered)
        case .openai, .gemini: #expect(response.providerError?.code == .contentFilter)
        }
    }

    @Test("an error inside a stream is a typed, retryable error after the partial text", arguments: Dialect.allCases)
    func midStreamError(_ dialect: Dialect) async {
        let response = await call(mock.provider(dialect), request("fail [mock:fault=midstream]", stream: true))
        let error = response.providerError
        #expect(error?.code == (dialect == .anthropic ? .overloaded : .serverError))
        #expect(error?.isRetryable == true)
        #expect(response.text == "Mock")
        #expect(response.finishReason == nil)
    }

    @Test("an old llama.cpp 'error:' field mid-stream is an error, not a silent end")
    func llamaCppErrorField() async {
        let response = await call(mock.provider(.openai), request("fail [mock:fault=llamacpp-error]", stream: true))
        #expect(response.providerError?.code == .serverError)
        #expect(response.providerError?.message.contains("the model crashed") == true)
    }

    // MARK: - Structured output

    @Test(
        "schema requests carry the schema in the provider's dialect and get valid JSON back",
        arguments: Dialect.allCases)
    func structuredOutput(_ dialect: Dialect) async throws {
        let schema = try Schema(
            [
                "type": "object",
                "properties": ["city": ["type": "string", "minLength": 2], "population": ["type": "integer"]],
                "required": ["city"],
            ])
        let marker = "structured-\(dialect.rawValue)-\(UUID().uuidString)"
        let response = await call(mock.provider(dialect), request(marker, stream: true, format: .json(schema: schema)))
        #expect(response.error == nil)
        let output = try JSONValue(parsing: response.text)
        #expect(schema.isValid(output))
        let body = try #require(try mock.requests(containing: marker).first?["body"])
        switch dialect {
        case .openai:
            let format = try #require(body["response_format"])
            #expect(format["type"] == "json_schema")
            #expect(format["json_schema"]?["strict"] == true)
            let sent = try #require(format["json_schema"]?["schema"])
            #expect(sent["additionalProperties"] == false)
            #expect(sent["required"] == ["city", "population"])
            #expect(sent["properties"]?["city"]?["minLength"] == nil)
        case .anthropic:
            let sent = try #require(body["output_config"]?["format"]?["schema"])
            #expect(body["output_config"]?["format"]?["type"] == "json_schema")
            #expect(sent["additionalProperties"] == false)
            #expect(sent["required"] == ["city"])
        case .gemini:
            let config = try #require(body["generationConfig"])
            #expect(config["responseMimeType"] == "application/json")
            #expect(config["responseJsonSchema"]?["propertyOrdering"] == ["city", "population"])
        }
    }

    // MARK: - Wire details

    @Test("OpenAI and Groq get max_completion_tokens; OpenRouter, Ollama and other servers get max_tokens")
    func maxTokensField() async throws {
        for (name, field) in [
            ("openai", "max_completion_tokens"), ("groq", "max_completion_tokens"), ("ollama", "max_tokens"),
            ("openrouter", "max_tokens"),
        ] {
            let marker = "quirk-\(name)-\(UUID().uuidString)"
            let response = await call(mock.provider(.openai, name: name), request(marker, stream: true, maxTokens: 50))
            #expect(response.error == nil)
            let body = try #require(try mock.requests(containing: marker).first?["body"])
            #expect(body[field] == 50, "\(name)")
            #expect(body["stream_options"]?["include_usage"] == true)
        }
    }

    @Test("Anthropic always gets max_tokens; the system prompt goes top-level")
    func anthropicRequiredFields() async throws {
        let marker = "anthropic-\(UUID().uuidString)"
        _ = await call(mock.provider(.anthropic), request(marker, stream: false))
        let body = try #require(try mock.requests(containing: marker).first?["body"])
        #expect(body["max_tokens"] == .integer(AnthropicMessagesDialect.defaultMaxTokens))
        #expect(body["system"] == "Be brief.")
        #expect(body["messages"]?.arrayValue?.count == 1)
    }

    @Test("each dialect sends the key in its header; Gemini's never appears in the URL", arguments: Dialect.allCases)
    func keyInHeader(_ dialect: Dialect) async throws {
        let marker = "auth-\(UUID().uuidString)"
        for stream in [false, true] {
            _ = await call(mock.provider(dialect), request(marker, stream: stream))
        }
        let entries = try mock.requests(containing: marker)
        #expect(entries.count == 2)
        let header = ["openai": "authorization", "anthropic": "x-api-key", "gemini": "x-goog-api-key"][dialect.rawValue]
        for entry in entries {
            #expect(entry["auth_header"]?.stringValue == header)
            #expect(entry["query"]?.stringValue?.contains(MockHarness.key) == false)
            #expect(entry["path"]?.stringValue?.contains(MockHarness.key) == false)
        }
        #expect(
            entries.map { $0["query"]?.stringValue ?? "" }.sorted()
                == (dialect == .gemini ? ["", "alt=sse"] : ["", ""]))
    }

    @Test("a missing key fails before any request, naming the variable", arguments: Dialect.allCases)
    func missingKey(_ dialect: Dialect) async throws {
        let marker = "nokey-\(UUID().uuidString)"
        let response = await call(mock.provider(dialect, environment: [:]), request(marker, stream: false))
        #expect(response.providerError?.code == .authentication)
        #expect(
            response.providerError?.message.contains(
                dialect == .gemini ? "GEMINI_API_KEY or GOOGLE_API_KEY" : "_API_KEY is not set") == true)
        #expect(try mock.requests(containing: marker).isEmpty)
    }

    // MARK: - Error classes

    @Test(
        "each HTTP error the mock injects gets its code in every dialect",
        arguments: Dialect.allCases,
        [
            ("500", "server-error", true), ("503", "server-error", true), ("529", "overloaded", true),
            ("429", "rate-limited", true), ("quota", "quota-exhausted", false), ("400", "bad-request", false),
            ("401", "authentication", false), ("404", "not-found", false), ("context-length", "context-length", false),
        ] as [(String, String, Bool)])
    func errorClasses(_ dialect: Dialect, _ fault: (name: String, code: String, retryable: Bool)) async {
        for stream in [false, true] {
            let response = await call(mock.provider(dialect), request("x [mock:fault=\(fault.name)]", stream: stream))
            let error = response.providerError
            #expect(error?.code.rawValue == fault.code, "\(fault.name) stream=\(stream)")
            #expect(error?.isRetryable == fault.retryable)
            #expect(response.deltaCount == 0)
            guard case .started(let info)? = response.events.first, response.events.count == 1 else {
                Issue.record("an error status should give exactly one started event, holding the status")
                continue
            }
            #expect(info.httpStatus == error?.httpStatus)
            if fault.code == "authentication" { #expect(error?.message.contains("_API_KEY") == true) }
            #expect(error?.message.contains(MockHarness.key) == false)
        }
    }

    @Test("a connection closed after the headers is a retryable network error", arguments: Dialect.allCases)
    func connectionReset(_ dialect: Dialect) async {
        for stream in [false, true] {
            let response = await call(mock.provider(dialect), request("x [mock:fault=reset]", stream: stream))
            #expect(response.providerError?.code == .network, "stream=\(stream)")
            #expect(response.providerError?.isRetryable == true)
        }
    }

    @Test("a stream that ends before its terminator is truncated, and retryable", arguments: Dialect.allCases)
    func truncatedStream(_ dialect: Dialect) async {
        let response = await call(mock.provider(dialect), request("x y z [mock:fault=truncate]", stream: true))
        #expect(response.providerError?.code == .streamTruncated)
        #expect(response.providerError?.isRetryable == true)
        #expect(!response.text.isEmpty)
    }

    @Test("a server that goes silent longer than the idle timeout is a stalled stream", arguments: Dialect.allCases)
    func stalledStream(_ dialect: Dialect) async {
        let provider = mock.provider(dialect, timeouts: HTTPTimeouts(idle: .milliseconds(300)))
        let clock = ContinuousClock()
        let began = clock.now
        let response = await call(provider, request("x [mock:fault=stall]", stream: true))
        #expect(response.providerError?.code == .streamStalled)
        #expect(response.providerError?.isRetryable == true)
        // The mock stays silent for ten minutes; ending within half of that shows the idle timeout
        // fired, with room for a machine so loaded that the test process itself is held up.
        #expect(clock.now - began < .seconds(300))
    }

    @Test("the connect timeout covers only the connection, not a slow first byte")
    func connectTimeoutIsNotFirstByte() async throws {
        let slow = try await MockHarness.launch(["--ttft-ms", "600"])
        let provider = slow.provider(.openai, timeouts: HTTPTimeouts(connect: .milliseconds(200), idle: .seconds(5)))
        let response = await call(provider, request("take your time", stream: false))
        #expect(response.error == nil)
        #expect(response.finishReason == .completed)
    }

    @Test("the total timeout ends a request that keeps trickling")
    func totalTimeout() async throws {
        let slow = try await MockHarness.launch(["--token-ms", "100"])
        let provider = slow.provider(.openai, timeouts: HTTPTimeouts(idle: .seconds(5), total: .milliseconds(250)))
        let response = await call(provider, request("one two three four five six seven eight", stream: true))
        #expect(response.providerError?.code == .timeout)
    }

    // MARK: - Limits and connections

    @Test(
        "an RPM limit answers 429 with the dialect's headers, a server delay and a snapshot on success",
        arguments: Dialect.allCases)
    func rateLimits(_ dialect: Dialect) async throws {
        let limited = try await MockHarness.launch(["--rpm", "1"])
        let provider = limited.provider(dialect)
        let first = await call(provider, request("first", stream: false))
        #expect(first.error == nil)
        if dialect != .gemini {
            guard case .started(let info) = first.events.first else {
                Issue.record("no started event")
                return
            }
            #expect(info.rateLimits?.requests?.limit == 1)
            #expect(info.rateLimits?.requests?.remaining == 0)
            #expect(info.requestID == "req_mock")
        }
        let second = await call(provider, request("second", stream: false))
        #expect(second.providerError?.code == .rateLimited)
        if dialect != .gemini, case .started(let info)? = second.events.first {
            #expect(info.httpStatus == 429)
            #expect(info.rateLimits?.requests?.remaining == 0)
        } else if dialect != .gemini {
            Issue.record("the 429 gave no started event with its rate-limit headers")
        }
        #expect(second.providerError?.httpStatus == 429)
        let wait = try #require(second.providerError?.retryAfter)
        #expect(wait > .zero && wait <= .seconds(60))
    }

    @Test("the connection limit follows the provider's concurrency, not the platform's default of 6")
    func connectionsPerHost() async throws {
        let slow = try await MockHarness.launch(["--token-ms", "150"])
        let provider = slow.provider(.openai, maximumConnections: 12)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask { _ = await self.call(provider, self.request("parallel \(index) a b c", stream: true)) }
            }
        }
        #expect(try await slow.stats()["peak_streams"] == 12)
    }

    @Test(
        "cancelling the reader closes the connection and the server stops streaming", .timeLimit(.minutes(5)))
    func cancellationClosesConnection() async throws {
        let slow = try await MockHarness.launch(["--token-ms", "200"])
        let provider = slow.provider(.anthropic)
        // A 300-word answer at 200 ms a word streams for a minute: long enough to be seen in flight
        // however loaded the machine is, and cancelled long before it would end by itself.
        let words = (1...300).map { "w\($0)" }.joined(separator: " ")
        let ending = ReaderEnding()
        let request = request(words, stream: true)
        let reader = Task {
            var deltas = 0
            do {
                for try await event in provider.stream(request) {
                    if case .textDelta = event { deltas += 1 }
                }
            } catch {
                ending.record("failed: \(error)")
                throw error
            }
            ending.record("ended after \(deltas) deltas")
            return deltas
        }
        // Wait until the stream is in flight, or the reader has ended without it. There is no
        // wall-clock deadline: in a full run other suites can hold every thread of the test
        // process's pool for longer than any deadline, which then passes before the reader has
        // even sent its request. The reader always ends: its stream lasts a minute, and a request
        // that never connects fails at the transport's connect limit.
        var active = try await slow.stats()["active_streams"]
        while active != 1, ending.text == nil {
            try await Task.sleep(for: .milliseconds(20))
            active = try await slow.stats()["active_streams"]
        }
        #expect(active == 1, "the stream was never seen in flight; the reader \(ending.text ?? "is still running")")
        reader.cancel()
        _ = await reader.result
        // The stream would end by itself a minute after it began; gone well before that means the
        // cancellation reached the server.
        let deadline = ContinuousClock.now + .seconds(10)
        while try await slow.stats()["active_streams"] != 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await slow.stats()["active_streams"] == 0)
    }
}

/// How a reader task ended, set once by the reader and read by the test polling beside it.
private final class ReaderEnding: Sendable {
    /// Guards the description, written by the reader's task and read by the test's.
    private let ending = Mutex<String?>(nil)

    /// What happened, once the reader has ended.
    var text: String? { ending.withLock { $0 } }

    func record(_ text: String) { ending.withLock { $0 = text } }
}
