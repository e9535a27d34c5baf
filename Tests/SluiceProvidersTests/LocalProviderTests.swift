import SluiceCore
import SluiceProviders
import SluiceSchema
import Testing

@Suite("The local provider")
struct LocalProviderTests {
    private let provider = LocalProvider()

    private func request(
        _ prompt: String = "Summarise the ticket.",
        model: String = "default",
        stream: Bool = true,
        maxTokens: Int? = nil,
        stop: [String] = [],
        format: ResponseFormat = .text,
        temperature: Double? = nil,
        parameters: JSONObject = [:]
    ) -> ModelRequest {
        ModelRequest(
            model: model, messages: [.system("You triage tickets."), .user(prompt)], temperature: temperature,
            maxTokens: maxTokens, stop: stop, responseFormat: format, stream: stream, extraParameters: parameters)
    }

    private func run(_ request: ModelRequest, on provider: LocalProvider? = nil) async -> CollectedResponse {
        await CollectedResponse.collect((provider ?? self.provider).stream(request))
    }

    // MARK: - Determinism

    @Test("the same request gives the same text, on this machine and any other")
    func sameRequestSameText() async {
        let first = await run(request())
        let second = await run(request(), on: LocalProvider())
        #expect(first.error == nil)
        #expect(first.text == second.text)
        // Pinned so a change to hashing or wording (which would change every user's local
        // outputs and cache keys) cannot go unnoticed.
        #expect(first.text == Self.pinnedText)
    }

    @Test("a different prompt, parameter or output mode gives different text")
    func differentRequestDifferentText() async {
        let base = await run(request()).text
        #expect(await run(request("Summarise the other ticket.")).text != base)
        #expect(await run(request(temperature: 0.7)).text != base)
        #expect(await run(request(parameters: ["user": "a"])).text != base)
    }

    @Test("streaming, the model variant and the delivery mode do not change the text")
    func deliveryDoesNotChangeText() async {
        let streamed = await run(request(stream: true))
        let whole = await run(request(stream: false))
        let slow = await run(
            request(model: "slow"), on: LocalProvider(configuration: .init(clock: RecordingClock())))
        #expect(streamed.deltaCount > 5)
        #expect(whole.deltaCount == 1)
        #expect(streamed.text == whole.text)
        #expect(slow.text == whole.text)
    }

    // MARK: - Content and limits

    @Test("output is labelled synthetic, and the events come in the documented order")
    func labelledAndOrdered() async throws {
        let response = await run(request())
        #expect(response.text.hasPrefix("[synthetic] "))
        guard case .started(let info) = try #require(response.events.first) else {
            Issue.record("the first event is not .started")
            return
        }
        #expect(info.model == "local/default")
        #expect(response.finishReason == .completed)
        let usageIndex = try #require(response.events.firstIndex { if case .usage = $0 { true } else { false } })
        #expect(usageIndex == response.events.count - 2)
    }

    @Test("usage is one token per 4 characters, rounded up")
    func usageEstimate() async throws {
        let response = await run(request("abcdefghi"))
        let usage = try #require(response.usage)
        // "You triage tickets." (19) + "abcdefghi" (9) = 28 characters → 7 tokens.
        #expect(usage.inputTokens == 7)
        #expect(usage.outputTokens == (response.text.count + 3) / 4)
    }

    @Test("max_tokens cuts the text and finishes with length")
    func maxTokens() async throws {
        let response = await run(request(maxTokens: 3))
        #expect(response.finishReason == .length)
        #expect(response.text.count == 12)
        #expect(response.usage?.outputTokens == 3)
        #expect(try #require(await run(request(maxTokens: 10_000)).finishReason) == .completed)
    }

    @Test("a stop sequence ends the text before it, finishing as completed")
    func stopSequences() async {
        let response = await run(request("alpha beta STOP gamma", model: "echo", stop: ["STOP", "beta"]))
        #expect(response.text == "[synthetic] alpha ")
        #expect(response.finishReason == .completed)
    }

    @Test("echo returns the last user message after the marker")
    func echo() async {
        let response = await run(request("Hello {{ name }}", model: "echo"))
        #expect(response.text == "[synthetic] Hello {{ name }}")
    }

    @Test("XML steps get one element per tag, each labelled synthetic")
    func xmlTags() async {
        let response = await run(request(format: .xml(tags: ["summary", "reply"])))
        let lines = response.text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("<summary>[synthetic] ") && lines[0].hasSuffix("</summary>"))
        #expect(lines[1].hasPrefix("<reply>[synthetic] ") && lines[1].hasSuffix("</reply>"))
    }

    @Test("JSON-schema steps get JSON that validates against the schema, the same for the same request")
    func jsonOutputValidates() async throws {
        let schemaDocument: JSONValue = [
            "type": "object",
            "required": ["urgency", "summary", "tags"],
            "additionalProperties": false,
            "properties": [
                "urgency": ["enum": ["low", "high"]],
                "summary": ["type": "string", "minLength": 3],
                "tags": ["type": "array", "items": ["type": "string"], "minItems": 1],
                "score": ["type": "number", "minimum": 0, "maximum": 1],
            ],
        ]
        let schema = try Schema(schemaDocument)
        for prompt in ["ticket one", "ticket two", "ticket three"] {
            let response = await run(request(prompt, format: .json(schema: schema)))
            #expect(response.error == nil)
            #expect(response.finishReason == .completed)
            let instance = try JSONValue(parsing: response.text)
            #expect(schema.isValid(instance), "\(response.text)")
            #expect(await run(request(prompt, format: .json(schema: schema))).text == response.text)
        }
    }

    @Test("a schema no instance can satisfy is unsupported, and JSON without a schema is a labelled object")
    func jsonEdgeCases() async throws {
        let impossible = await run(request(format: .json(schema: try Schema(["not": [:]]))))
        #expect(try #require(impossible.providerError).code == .unsupported)
        #expect(impossible.providerError?.isRetryable == false)
        let schemaless = await run(request(format: .json(schema: nil)))
        let object = try JSONValue(parsing: schemaless.text)
        #expect(object.objectValue?.keys == ["text"])
        #expect(object["text"]?.stringValue?.hasPrefix("[synthetic] ") == true)
    }

    // MARK: - Variants that fail

    @Test("flaky fails the first attempt of each request with a retryable 503, then answers as local does")
    func flaky() async throws {
        let flaky = LocalProvider()
        let first = await run(request(model: "flaky"), on: flaky)
        let error = try #require(first.providerError)
        #expect(error.code == .serverError)
        #expect(error.httpStatus == 503)
        #expect(error.isRetryable)
        let second = await run(request(model: "flaky"), on: flaky)
        #expect(second.error == nil)
        #expect(second.text == Self.pinnedText)
        #expect(await run(request("another", model: "flaky"), on: flaky).error != nil)
    }

    @Test("flaky's failures parameter sets how many attempts fail")
    func flakyFailureCount() async {
        let flaky = LocalProvider()
        let twice = request(model: "flaky", parameters: ["failures": 2])
        #expect(await run(twice, on: flaky).error != nil)
        #expect(await run(twice, on: flaky).error != nil)
        #expect(await run(twice, on: flaky).error == nil)
    }

    @Test("ratelimited fails once with a 429 carrying the configured retry-after")
    func rateLimited() async throws {
        let limited = LocalProvider(configuration: .init(rateLimitRetryAfter: .milliseconds(1500)))
        // A flaky failure of the same request does not use up ratelimited's failure.
        _ = await run(request(model: "flaky"), on: limited)
        let error = try #require(await run(request(model: "ratelimited"), on: limited).providerError)
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .milliseconds(1500))
        #expect(await run(request(model: "ratelimited"), on: limited).error == nil)
    }

    @Test("down always fails retryably and fail never retryably")
    func alwaysFailing() async throws {
        for _ in 0..<2 {
            #expect(try #require(await run(request(model: "down")).providerError).isRetryable)
            #expect(try #require(await run(request(model: "fail")).providerError).isRetryable == false)
        }
    }

    @Test("stall starts a response, stays silent for the stall time, then fails retryably as stalled")
    func stall() async throws {
        let clock = RecordingClock()
        let stalling = LocalProvider(configuration: .init(stallDuration: .seconds(90), clock: clock))
        let response = await run(request(model: "stall"), on: stalling)
        #expect(response.events.count == 1)
        #expect(response.text.isEmpty)
        #expect(clock.sleeps == [.seconds(90)])
        let error = try #require(response.providerError)
        #expect(error.code == .streamStalled)
        #expect(error.isRetryable)
    }

    @Test("an unknown model is a not-found error with a suggestion")
    func unknownModel() async throws {
        let error = try #require(await run(request(model: "slw")).providerError)
        #expect(error.code == .notFound)
        #expect(!error.isRetryable)
        #expect(error.message.contains("did you mean 'local/slow'?"))
    }

    @Test("a request without messages or with max_tokens below 1 is a bad request")
    func badRequests() async throws {
        #expect(try #require(await run(request(maxTokens: 0)).providerError).code == .badRequest)
        let empty = ModelRequest(model: "default", messages: [])
        #expect(try #require(await run(empty).providerError).code == .badRequest)
    }

    // MARK: - Pacing, cancellation, concurrency

    @Test("slow waits the first-token latency, then the delta interval between deltas, on the injected clock")
    func slowPacing() async {
        let clock = RecordingClock()
        let slow = LocalProvider(
            configuration: .init(
                slowFirstTokenLatency: .seconds(2), slowDeltaInterval: .milliseconds(50), clock: clock))
        let response = await run(request(model: "slow"), on: slow)
        #expect(clock.sleeps.first == .seconds(2))
        #expect(clock.sleeps.dropFirst().allSatisfy { $0 == .milliseconds(50) })
        #expect(clock.sleeps.count == response.deltaCount)
    }

    @Test(
        "cancelling a slow stream stops it at the pause it is in and frees its in-flight slot",
        .timeLimit(.minutes(1)))
    func cancellation() async throws {
        // The clock's pauses end only by cancellation, so promptness is counted, not timed: the
        // stream must stop in its first-token pause and never reach a second one or a delta.
        let clock = HoldingClock()
        let slow = LocalProvider(configuration: .init(clock: clock))
        let stream = slow.stream(request(model: "slow"))
        #expect(slow.inFlight.current == 1)
        let (responseBegan, signal) = AsyncStream.makeStream(of: Void.self)
        let consumer = Task {
            var response = CollectedResponse()
            do {
                for try await event in stream {
                    response.events.append(event)
                    // The provider is now in its first-token pause, which only cancellation ends.
                    if case .started = event { signal.yield() }
                }
            } catch {
                response.error = error
            }
            return response
        }
        for await _ in responseBegan { break }
        consumer.cancel()
        let response = await consumer.value
        await slow.waitUntilIdle()
        #expect(clock.sleepsBegun == 1, "the stream went on past the pause it was cancelled in")
        #expect(clock.sleepsCancelled == 1)
        #expect(response.text.isEmpty)
        #expect(response.finishReason == nil)
        #expect(slow.inFlight.current == 0)
    }

    @Test("the in-flight counter reports current and peak concurrent requests")
    func inFlightCounter() async {
        let counted = LocalProvider()
        let streams = (0..<5).map { index in counted.stream(request("ticket \(index)")) }
        #expect(counted.inFlight == InFlightCount(current: 5, peak: 5))
        for stream in streams { _ = await CollectedResponse.collect(stream) }
        await counted.waitUntilIdle()
        #expect(counted.inFlight == InFlightCount(current: 0, peak: 5))
        counted.resetPeak()
        #expect(counted.inFlight.peak == 0)
    }

    static let pinnedText =
        "[synthetic] Pepper mosaic yarrow juniper stone ribbon basket indigo saddle onyx. Upland ember basket saddle "
        + "kernel. Nectar canyon pepper valley garden compass ladder. Basket juniper ribbon."
}
