public import Foundation

/// What a response's rate-limit headers said, in one shape for every provider.
///
/// OpenAI and Groq send `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` with Go-style
/// relative resets (`6m0s`); Anthropic sends `anthropic-ratelimit-{requests,tokens,input-tokens,
/// output-tokens}-{limit,remaining,reset}` with RFC 3339 absolute resets, which are turned into
/// waits from the server's `Date` header (or the local clock without one); OpenRouter sends
/// `X-RateLimit-{Limit,Remaining,Reset}` (epoch milliseconds) on 429s. Gemini sends none.
public struct RateLimitSnapshot: Sendable, Hashable {
    /// One budget: a limit, what is left of it, and when it is whole again.
    public struct Bucket: Sendable, Hashable {
        /// The budget per window.
        public var limit: Int?
        /// What is left in the current window.
        public var remaining: Int?
        /// How long until the budget is fully restored.
        public var resetAfter: Duration?

        /// A bucket with the given fields.
        public init(limit: Int? = nil, remaining: Int? = nil, resetAfter: Duration? = nil) {
            self.limit = limit
            self.remaining = remaining
            self.resetAfter = resetAfter
        }

        var isEmpty: Bool { limit == nil && remaining == nil && resetAfter == nil }
    }

    /// The request budget.
    public var requests: Bucket?
    /// The token budget (input and output together).
    public var tokens: Bucket?
    /// The input-token budget, where limited separately (Anthropic).
    public var inputTokens: Bucket?
    /// The output-token budget, where limited separately (Anthropic).
    public var outputTokens: Bucket?
    /// The wait `retry-after-ms` or `retry-after` asked for.
    public var retryAfter: Duration?

    /// A snapshot with the given buckets.
    public init(
        requests: Bucket? = nil, tokens: Bucket? = nil, inputTokens: Bucket? = nil, outputTokens: Bucket? = nil,
        retryAfter: Duration? = nil
    ) {
        self.requests = requests
        self.tokens = tokens
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.retryAfter = retryAfter
    }

    /// The snapshot of `headers`, or `nil` when they hold no rate-limit information. `now` stands
    /// in for the server's clock when there is no `Date` header.
    public init?(headers: HTTPHeaders, now: Date = Date()) {
        let serverNow = headers["date"].flatMap(ServerDelay.httpDate) ?? now
        func integer(_ name: String) -> Int? {
            headers[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        func openAI(_ suffix: String) -> Bucket? {
            let bucket = Bucket(
                limit: integer("x-ratelimit-limit-\(suffix)"), remaining: integer("x-ratelimit-remaining-\(suffix)"),
                resetAfter: headers["x-ratelimit-reset-\(suffix)"].flatMap(ServerDelay.goDuration))
            return bucket.isEmpty ? nil : bucket
        }
        func anthropic(_ name: String) -> Bucket? {
            let prefix = "anthropic-ratelimit-\(name)"
            let reset = headers["\(prefix)-reset"].flatMap(ServerDelay.rfc3339).map {
                Duration.milliseconds(Int64(max(0, $0.timeIntervalSince(serverNow)) * 1000))
            }
            let bucket = Bucket(
                limit: integer("\(prefix)-limit"), remaining: integer("\(prefix)-remaining"), resetAfter: reset)
            return bucket.isEmpty ? nil : bucket
        }
        requests = openAI("requests") ?? anthropic("requests")
        tokens = openAI("tokens") ?? anthropic("tokens")
        inputTokens = anthropic("input-tokens")
        outputTokens = anthropic("output-tokens")
        if requests == nil {
            // OpenRouter's single budget; its reset is an epoch time, in milliseconds when large.
            let reset = headers["x-ratelimit-reset"].flatMap { Double($0) }.map { value in
                let epoch = value > 1e12 ? value / 1000 : value
                return Duration.milliseconds(Int64(max(0, epoch - serverNow.timeIntervalSince1970) * 1000))
            }
            let bucket = Bucket(
                limit: integer("x-ratelimit-limit"), remaining: integer("x-ratelimit-remaining"), resetAfter: reset)
            requests = bucket.isEmpty ? nil : bucket
        }
        retryAfter = ServerDelay.retryAfter(in: headers, now: serverNow)
        if requests == nil && tokens == nil && inputTokens == nil && outputTokens == nil && retryAfter == nil {
            return nil
        }
    }

    /// The longest reset among exhausted buckets: when a rate-limited request may succeed again.
    public var resetOfExhaustedBuckets: Duration? {
        [requests, tokens, inputTokens, outputTokens].compactMap { bucket -> Duration? in
            guard let bucket, bucket.remaining == 0 else { return nil }
            return bucket.resetAfter
        }.max()
    }

    /// A one-line summary for request logs: `requests 4999/5000 reset 12ms, tokens …`.
    public var summary: String {
        let named: [(String, Bucket?)] = [
            ("requests", requests), ("tokens", tokens), ("input-tokens", inputTokens), ("output-tokens", outputTokens),
        ]
        var parts: [String] = named.compactMap { name, bucket in
            guard let bucket else { return nil }
            var text = "\(name) \(bucket.remaining.map(String.init) ?? "?")/\(bucket.limit.map(String.init) ?? "?")"
            if let reset = bucket.resetAfter { text += " reset \(reset)" }
            return text
        }
        if let retryAfter { parts.append("retry-after \(retryAfter)") }
        return parts.joined(separator: ", ")
    }
}
