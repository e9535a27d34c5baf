import Foundation
import SluiceProviders
import Testing

@Suite("Rate-limit and retry headers")
struct HeaderParsingTests {
    @Test(
        "Go-style durations read as OpenAI and Groq send them",
        arguments: [
            ("12ms", Duration.milliseconds(12)), ("1s", .seconds(1)), ("7.66s", .milliseconds(7660)),
            ("6m0s", .seconds(360)), ("2m59.56s", .milliseconds(179_560)), ("1h2m3s", .seconds(3723)),
            ("1500us", .microseconds(1500)), ("0s", .zero),
        ])
    func goDurations(_ text: String, _ expected: Duration) {
        #expect(ServerDelay.goDuration(text) == expected)
    }

    @Test("unparseable durations are unknown, not zero", arguments: ["", "soon", "5", "1x", "-"])
    func badGoDurations(_ text: String) {
        #expect(ServerDelay.goDuration(text) == nil)
    }

    /// Found by `fuzz-provider-json`: a reset of `0999…9s` trapped converting to a `Duration`.
    /// A server's number too large for a wait is read as the longest wait, never a crash.
    @Test("a server's enormous wait is capped, never a crash")
    func enormousWaits() {
        let nines = "0" + String(repeating: "9", count: 90)
        let longest = Duration.seconds(1_000_000_000)
        #expect(ServerDelay.goDuration(nines + "s") == longest)
        #expect(ServerDelay.goDuration(nines + "h") == longest)
        #expect(ServerDelay.protobufDuration(nines + "s") == longest)
        #expect(ServerDelay.protobufDuration("nans") == nil)
        for (name, value) in [
            ("retry-after-ms", nines), ("retry-after", nines), ("retry-after", "1e300"), ("retry-after", "inf"),
        ] {
            #expect(ServerDelay.retryAfter(in: HTTPHeaders([(name, value)]), now: Self.now) == longest, "\(name)")
        }
        let snapshot = RateLimitSnapshot(headers: HTTPHeaders([("x-ratelimit-reset-requests", nines + "s")]))
        #expect(snapshot?.requests?.resetAfter == longest)
    }

    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "the server's wait, from the headers that carry it, in priority order",
        arguments: [
            (["retry-after-ms": "1500", "retry-after": "9"], Duration?.some(.milliseconds(1500))),
            (["x-ms-retry-after-ms": "250"], .milliseconds(250)),
            (["Retry-After": "20"], .seconds(20)),
            (["retry-after": "2.5"], .milliseconds(2500)),
            (["retry-after": "Mon, 21 Sep 2026 14:13:40 GMT"], .seconds(20)),
            (["retry-after": "whenever"], nil),
            ([:], nil),
        ] as [([String: String], Duration?)])
    func retryAfter(_ fields: [String: String], _ expected: Duration?) {
        let headers = HTTPHeaders(fields.map { ($0.key, $0.value) })
        #expect(ServerDelay.retryAfter(in: headers, now: Self.now) == expected)
    }

    @Test("OpenAI's headers become the request and token buckets")
    func openAIHeaders() throws {
        let headers: HTTPHeaders = [
            "x-ratelimit-limit-requests": "5000", "x-ratelimit-remaining-requests": "4999",
            "x-ratelimit-reset-requests": "12ms", "x-ratelimit-limit-tokens": "160000",
            "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m0s",
        ]
        let snapshot = try #require(RateLimitSnapshot(headers: headers, now: Self.now))
        #expect(snapshot.requests == .init(limit: 5000, remaining: 4999, resetAfter: .milliseconds(12)))
        #expect(snapshot.tokens == .init(limit: 160_000, remaining: 0, resetAfter: .seconds(360)))
        #expect(snapshot.resetOfExhaustedBuckets == .seconds(360))
    }

    @Test("Anthropic's RFC 3339 resets become waits from the server's Date")
    func anthropicHeaders() throws {
        let headers: HTTPHeaders = [
            "date": "Mon, 21 Sep 2026 14:13:20 GMT",
            "anthropic-ratelimit-requests-limit": "50", "anthropic-ratelimit-requests-remaining": "0",
            "anthropic-ratelimit-requests-reset": "2026-09-21T14:13:50Z",
            "anthropic-ratelimit-input-tokens-limit": "40000", "anthropic-ratelimit-input-tokens-remaining": "39000",
            "anthropic-ratelimit-input-tokens-reset": "2026-09-21T14:13:21.500Z",
            "retry-after": "30",
        ]
        let snapshot = try #require(RateLimitSnapshot(headers: headers))
        #expect(snapshot.requests == .init(limit: 50, remaining: 0, resetAfter: .seconds(30)))
        #expect(snapshot.inputTokens == .init(limit: 40000, remaining: 39000, resetAfter: .milliseconds(1500)))
        #expect(snapshot.retryAfter == .seconds(30))
    }

    @Test("OpenRouter's epoch-millisecond reset is read")
    func openRouterHeaders() throws {
        let reset = Int(Self.now.timeIntervalSince1970 * 1000) + 45_000
        let headers: HTTPHeaders = [
            "X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(reset),
        ]
        let snapshot = try #require(RateLimitSnapshot(headers: headers, now: Self.now))
        #expect(snapshot.requests == .init(limit: 50, remaining: 0, resetAfter: .seconds(45)))
    }

    @Test("a response without rate-limit headers has no snapshot")
    func noHeaders() {
        #expect(RateLimitSnapshot(headers: ["content-type": "application/json"]) == nil)
    }
}
