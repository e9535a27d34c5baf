import FlyingFox
import Foundation
import SluiceCore

/// Builds one response in the request's dialect: replies streamed or not, error bodies,
/// rate-limit headers, and the faults.
struct MockResponder: Sendable {
    let request: MockRequest
    let options: MockOptions
    let state: MockState

    enum ErrorKind {
        case server, unavailable, overloaded, bareRateLimit, quota, badRequest, unauthorized, notFound
        case contextLength, contentFilter
    }

    // MARK: - Replies

    func respond(fault: Fault?, decision: RateDecision) async -> HTTPResponse {
        switch fault {
        case .status500?: return error(500, .server, message: "The server had an error while processing your request.")
        case .status503?: return error(503, .unavailable, message: "The service is temporarily unavailable.")
        case .overloaded?: return error(529, .overloaded, message: "Overloaded")
        case .bareRateLimit?: return error(429, .bareRateLimit, message: "Too many requests")
        case .quota?: return error(429, .quota, message: "You exceeded your current quota, please check your plan.")
        case .badRequest?:
            return error(400, .badRequest, message: "Invalid 'temperature': decimal above maximum value.")
        case .unauthorized?: return error(401, .unauthorized, message: "Incorrect API key provided.")
        case .notFound?: return error(404, .notFound, message: "The model '\(request.model)' does not exist.")
        case .contextLength?:
            return error(400, .contextLength, message: "This model's maximum context length is 8192 tokens.")
        case .contentFilter? where request.dialect == .openai:
            return error(400, .contentFilter, message: "The prompt was filtered by the content policy.")
        default: break
        }
        let reply = MockReply(for: request, invalidJSON: fault == .invalidJSON && request.wantsJSON)
        let headers = rateLimitHeaders(decision)
        if options.timeToFirstTokenMilliseconds > 0 && !(fault == .stall && request.stream) {
            try? await Task.sleep(for: .milliseconds(options.timeToFirstTokenMilliseconds))
        }
        if fault == .stall && !request.stream {
            try? await Task.sleep(for: .milliseconds(options.stallMilliseconds))
        }
        if request.stream { return stream(reply, fault: fault, headers: headers) }
        var finish = "stop"
        if fault == .finishLength { finish = "length" }
        if fault == .contentFilter { finish = "filter" }
        let body = wholeBody(reply, finish: finish)
        if fault == .reset || fault == .truncate {
            let bytes = Array(body.formatted(.compact).utf8)
            return chunked(headers: headers, contentType: "application/json") { continuation in
                if fault == .truncate { continuation.yield(Array(bytes.prefix(bytes.count / 2))) }
                continuation.finish(throwing: CancellationError())
            }
        }
        return MockHandler.json(200, body, headers: headers)
    }

    private var completionTokens: Int { 0 }

    private func usage(_ reply: MockReply) -> (prompt: Int, completion: Int) {
        (request.promptTokens, reply.tokens.count)
    }

    private func wholeBody(_ reply: MockReply, finish: String) -> SluiceCore.JSONValue {
        let (prompt, completion) = usage(reply)
        switch request.dialect {
        case .openai:
            let reason = ["stop": "stop", "length": "length", "filter": "content_filter"][finish] ?? "stop"
            return [
                "id": "chatcmpl-mock", "object": "chat.completion", "created": 0, "model": .string(request.model),
                "choices": [
                    [
                        "index": 0, "message": ["role": "assistant", "content": .string(reply.text), "refusal": nil],
                        "finish_reason": .string(reason), "logprobs": nil,
                    ]
                ],
                "usage": [
                    "prompt_tokens": .integer(prompt), "completion_tokens": .integer(completion),
                    "total_tokens": .integer(prompt + completion),
                ],
                "system_fingerprint": "fp_mock",
            ]
        case .anthropic:
            let reason = ["stop": "end_turn", "length": "max_tokens", "filter": "refusal"][finish] ?? "end_turn"
            return [
                "id": "msg_mock", "type": "message", "role": "assistant", "model": .string(request.model),
                "content": [["type": "text", "text": .string(reply.text)]], "stop_reason": .string(reason),
                "stop_sequence": nil,
                "usage": [
                    "input_tokens": .integer(prompt), "output_tokens": .integer(completion),
                    "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                ],
            ]
        case .gemini:
            if finish == "filter" {
                return ["promptFeedback": ["blockReason": "SAFETY"], "modelVersion": .string(request.model)]
            }
            let reason = ["stop": "STOP", "length": "MAX_TOKENS"][finish] ?? "STOP"
            return geminiChunk(text: reply.text, finish: reason, prompt: prompt, completion: completion)
        }
    }

    private func geminiChunk(text: String, finish: String?, prompt: Int, completion: Int) -> SluiceCore.JSONValue {
        var candidate: JSONObject = [
            "content": ["role": "model", "parts": [["text": .string(text)]]], "index": 0,
        ]
        if let finish { candidate["finishReason"] = .string(finish) }
        return [
            "candidates": [.object(candidate)],
            "usageMetadata": [
                "promptTokenCount": .integer(prompt), "candidatesTokenCount": .integer(completion),
                "totalTokenCount": .integer(prompt + completion),
            ],
            "modelVersion": .string(request.model), "responseId": "mock",
        ]
    }

    // MARK: - Streams

    private func stream(_ reply: MockReply, fault: Fault?, headers: HTTPHeaders) -> HTTPResponse {
        let events = streamEvents(reply, fault: fault)
        let perToken = options.perTokenMilliseconds
        let stall = options.stallMilliseconds
        let state = state
        return chunked(headers: headers, contentType: "text/event-stream") { continuation in
            await state.streamStarted()
            defer { Task { await state.streamEnded() } }
            for (index, event) in events.enumerated() {
                if Task.isCancelled { break }
                if index > 0 && perToken > 0 { try? await Task.sleep(for: .milliseconds(perToken)) }
                if fault == .stall && index == 1 { try? await Task.sleep(for: .milliseconds(stall)) }
                if fault == .reset && index == 1 {
                    continuation.finish(throwing: CancellationError())
                    return
                }
                state.chunkLog?.record(event)
                continuation.yield(Array(event.utf8))
            }
            continuation.finish()
        }
    }

    private func sse(_ value: SluiceCore.JSONValue, event: String? = nil) -> String {
        (event.map { "event: \($0)\n" } ?? "") + "data: " + value.formatted(.compact) + "\n\n"
    }

    /// Every event of the stream, faults applied.
    private func streamEvents(_ reply: MockReply, fault: Fault?) -> [String] {
        let (prompt, completion) = usage(reply)
        var events: [String] = []
        var finish = "stop"
        if fault == .finishLength { finish = "length" }
        if fault == .contentFilter { finish = "filter" }
        let tokens = fault == .truncate ? Array(reply.tokens.prefix(max(1, reply.tokens.count / 2))) : reply.tokens
        switch request.dialect {
        case .openai:
            func chunk(_ delta: SluiceCore.JSONValue, _ reason: String?) -> SluiceCore.JSONValue {
                [
                    "id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 0,
                    "model": .string(request.model),
                    "choices": [
                        ["index": 0, "delta": delta, "finish_reason": reason.map(SluiceCore.JSONValue.string) ?? .null]
                    ],
                    "usage": nil, "obfuscation": "x",
                ]
            }
            events.append(sse(chunk(["role": "assistant", "content": ""], nil)))
            for (index, token) in tokens.enumerated() {
                events.append(sse(chunk(["content": .string(token)], nil)))
                if index == 0 && fault == .midstreamError {
                    events.append(
                        sse([
                            "error": [
                                "message": "The server had an error while processing your request.",
                                "type": "server_error", "param": nil, "code": nil,
                            ]
                        ]))
                    return events
                }
                if index == 0 && fault == .llamaCppError {
                    events.append(
                        "error: {\"code\":500,\"message\":\"the model crashed\",\"type\":\"server_error\"}\n\ndata: [DONE]\n\n"
                    )
                    return events
                }
                if index == 0 { events.append(": keepalive comment\n\n") }
            }
            if fault == .truncate { return events }
            let reason = ["stop": "stop", "length": "length", "filter": "content_filter"][finish] ?? "stop"
            events.append(sse(chunk([:], reason)))
            if request.includeUsage {
                events.append(
                    sse([
                        "id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 0,
                        "model": .string(request.model), "choices": [],
                        "usage": [
                            "prompt_tokens": .integer(prompt), "completion_tokens": .integer(completion),
                            "total_tokens": .integer(prompt + completion),
                        ],
                    ]))
            }
            events.append("data: [DONE]\n\n")
        case .anthropic:
            events.append(
                sse(
                    [
                        "type": "message_start",
                        "message": [
                            "id": "msg_mock", "type": "message", "role": "assistant", "model": .string(request.model),
                            "content": [], "stop_reason": nil,
                            "usage": [
                                "input_tokens": .integer(prompt), "output_tokens": 1, "cache_creation_input_tokens": 0,
                                "cache_read_input_tokens": 0,
                            ],
                        ],
                    ], event: "message_start"))
            events.append(
                sse(
                    ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]],
                    event: "content_block_start"))
            events.append(sse(["type": "ping"], event: "ping"))
            for (index, token) in tokens.enumerated() {
                events.append(
                    sse(
                        [
                            "type": "content_block_delta", "index": 0,
                            "delta": ["type": "text_delta", "text": .string(token)],
                        ], event: "content_block_delta"))
                if index == 0 && fault == .midstreamError {
                    events.append(
                        sse(
                            ["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]],
                            event: "error"))
                    return events
                }
            }
            if fault == .truncate { return events }
            events.append(sse(["type": "content_block_stop", "index": 0], event: "content_block_stop"))
            let reason = ["stop": "end_turn", "length": "max_tokens", "filter": "refusal"][finish] ?? "end_turn"
            events.append(
                sse(
                    [
                        "type": "message_delta", "delta": ["stop_reason": .string(reason), "stop_sequence": nil],
                        "usage": ["output_tokens": .integer(completion)],
                    ], event: "message_delta"))
            events.append(sse(["type": "message_stop"], event: "message_stop"))
        case .gemini:
            if finish == "filter" {
                return [sse(["promptFeedback": ["blockReason": "SAFETY"], "modelVersion": .string(request.model)])]
            }
            for (index, token) in tokens.enumerated() {
                let isLast = index == tokens.count - 1 && fault != .truncate
                let reason = isLast ? (finish == "length" ? "MAX_TOKENS" : "STOP") : nil
                let chunk = geminiChunk(text: token, finish: reason, prompt: prompt, completion: index + 1)
                // Gemini has been seen framing events with CRLF; the mock does too.
                events.append("data: " + chunk.formatted(.compact) + "\r\n\r\n")
                if index == 0 && fault == .midstreamError {
                    events.append(
                        sse(["error": ["code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"]]))
                    return events
                }
            }
        }
        return events
    }

    private func chunked(
        headers: HTTPHeaders, contentType: String,
        produce: @escaping @Sendable (AsyncThrowingStream<[UInt8], any Error>.Continuation) async -> Void
    ) -> HTTPResponse {
        let (chunks, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let task = Task { await produce(continuation) }
        continuation.onTermination = { _ in task.cancel() }
        var headers = headers
        headers[.contentType] = contentType
        return HTTPResponse(
            statusCode: .ok, headers: headers, body: HTTPBodySequence(from: ByteChunks(chunks: chunks)))
    }

    // MARK: - Errors and limits

    func error(_ status: Int, _ kind: ErrorKind, message: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        switch request.dialect {
        case .openai:
            let (type, code): (String, String?) =
                switch kind {
                case .server, .unavailable, .overloaded: ("server_error", nil)
                case .bareRateLimit: ("requests", "rate_limit_exceeded")
                case .quota: ("insufficient_quota", "insufficient_quota")
                case .badRequest: ("invalid_request_error", "decimal_above_max_value")
                case .unauthorized: ("invalid_request_error", "invalid_api_key")
                case .notFound: ("invalid_request_error", "model_not_found")
                case .contextLength: ("invalid_request_error", "context_length_exceeded")
                case .contentFilter: ("invalid_request_error", "content_filter")
                }
            return MockHandler.json(
                status,
                [
                    "error": [
                        "message": .string(message), "type": .string(type), "param": nil,
                        "code": code.map(SluiceCore.JSONValue.string) ?? .null,
                    ]
                ], headers: headers)
        case .anthropic:
            let type =
                switch kind {
                case .server, .unavailable: "api_error"
                case .overloaded: "overloaded_error"
                case .bareRateLimit, .quota: "rate_limit_error"
                case .badRequest, .contextLength, .contentFilter: "invalid_request_error"
                case .unauthorized: "authentication_error"
                case .notFound: "not_found_error"
                }
            var error: JSONObject = ["type": .string(type), "message": .string(message)]
            if kind == .quota { error["details"] = ["error_code": "enforced_spend_limit_reached"] }
            if kind == .contextLength { error["message"] = "prompt is too long: 207791 tokens > 200000 maximum" }
            return MockHandler.json(
                status, ["type": "error", "error": .object(error), "request_id": "req_mock"], headers: headers)
        case .gemini:
            let statusName =
                switch kind {
                case .server: "INTERNAL"
                case .unavailable, .overloaded: "UNAVAILABLE"
                case .bareRateLimit, .quota: "RESOURCE_EXHAUSTED"
                case .badRequest, .contextLength, .contentFilter: "INVALID_ARGUMENT"
                case .unauthorized: "INVALID_ARGUMENT"
                case .notFound: "NOT_FOUND"
                }
            var details: [SluiceCore.JSONValue] = []
            var code = status
            var text = message
            if kind == .unauthorized {
                code = 400
                text = "API key not valid. Please pass a valid API key."
                details.append(["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"])
            }
            if kind == .quota {
                details.append([
                    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                    "violations": [["quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"]],
                ])
            }
            if kind == .contextLength {
                text = "The input token count (9000) exceeds the maximum number of tokens allowed (8192)."
            }
            return MockHandler.json(
                code,
                [
                    "error": [
                        "code": .integer(code), "message": .string(text), "status": .string(statusName),
                        "details": .array(details),
                    ]
                ], headers: headers)
        }
    }

    /// A 429 for a broken RPM or TPM limit, with the dialect's headers and body.
    func rateLimited(_ limited: String, decision: RateDecision) -> HTTPResponse {
        var headers = rateLimitHeaders(decision)
        let seconds = max(1, Int((Double(decision.wait.components.seconds)).rounded(.up)))
        let message = "Rate limit reached on \(limited) per minute. Please try again in \(seconds)s."
        switch request.dialect {
        case .openai, .anthropic:
            headers[HTTPHeader("retry-after")] = String(seconds)
            if options.burst != nil {
                headers[HTTPHeader("retry-after-ms")] = String(Int(decision.wait.milliseconds.rounded(.up)))
            }
            return error(429, .bareRateLimit, message: message, headers: headers)
        case .gemini:
            return MockHandler.json(
                429,
                [
                    "error": [
                        "code": 429, "message": .string(message), "status": "RESOURCE_EXHAUSTED",
                        "details": [
                            [
                                "@type": "type.googleapis.com/google.rpc.RetryInfo",
                                "retryDelay": .string("\(seconds)s"),
                            ]
                        ],
                    ]
                ])
        }
    }

    private func rateLimitHeaders(_ decision: RateDecision) -> HTTPHeaders {
        var headers: HTTPHeaders = [:]
        let reset = decision.wait
        let seconds = Double(reset.components.seconds) + Double(reset.components.attoseconds) / 1e18
        switch request.dialect {
        case .openai:
            if let rpm = options.rpm {
                headers[HTTPHeader("x-ratelimit-limit-requests")] = String(rpm)
                headers[HTTPHeader("x-ratelimit-remaining-requests")] = String(decision.remainingRequests ?? 0)
                headers[HTTPHeader("x-ratelimit-reset-requests")] = Self.goDuration(seconds)
            }
            if let tpm = options.tpm {
                headers[HTTPHeader("x-ratelimit-limit-tokens")] = String(tpm)
                headers[HTTPHeader("x-ratelimit-remaining-tokens")] = String(decision.remainingTokens ?? 0)
                headers[HTTPHeader("x-ratelimit-reset-tokens")] = Self.goDuration(seconds)
            }
        case .anthropic:
            let formatter = ISO8601DateFormatter()
            let resetAt = formatter.string(from: Date().addingTimeInterval(seconds.rounded(.up)))
            if let rpm = options.rpm {
                headers[HTTPHeader("anthropic-ratelimit-requests-limit")] = String(rpm)
                headers[HTTPHeader("anthropic-ratelimit-requests-remaining")] = String(decision.remainingRequests ?? 0)
                headers[HTTPHeader("anthropic-ratelimit-requests-reset")] = resetAt
            }
            if let tpm = options.tpm {
                headers[HTTPHeader("anthropic-ratelimit-tokens-limit")] = String(tpm)
                headers[HTTPHeader("anthropic-ratelimit-tokens-remaining")] = String(decision.remainingTokens ?? 0)
                headers[HTTPHeader("anthropic-ratelimit-tokens-reset")] = resetAt
            }
        case .gemini:
            break
        }
        if request.dialect != .gemini { headers[HTTPHeader("x-request-id")] = "req_mock" }
        return headers
    }

    /// Seconds in Go's duration notation, as OpenAI writes resets: `12ms`, `7.66s`, `6m0s`.
    static func goDuration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        let minutes = Int(seconds) / 60
        let rest = seconds - Double(minutes * 60)
        let restText = String(format: "%.2f", rest).replacing(/\.?0+$/, with: "")
        return minutes > 0 ? "\(minutes)m\(restText.isEmpty ? "0" : restText)s" : "\(restText)s"
    }
}
