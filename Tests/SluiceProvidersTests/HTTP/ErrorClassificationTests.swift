import Foundation
import SluiceCore
import SluiceProviders
import Testing

@Suite("Classifying provider errors")
struct ErrorClassificationTests {
    private let redactor = SecretRedactor(knownSecrets: ["sk-test-secret-value"])

    private func classify(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> ProviderError {
        ProviderError(
            httpStatus: status, headers: headers, body: Array(body.utf8), provider: "p", keyVariable: "P_API_KEY",
            redactor: redactor, now: Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test(
        "each status and body gets its code and retry decision",
        arguments: [
            (
                400, #"{"error":{"message":"Invalid 'temperature'","type":"invalid_request_error","code":"x"}}"#,
                "bad-request", false
            ),
            (
                400,
                #"{"error":{"message":"This model's maximum context length is 8192 tokens","code":"context_length_exceeded"}}"#,
                "context-length", false
            ),
            (
                400,
                #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 207791 tokens > 200000 maximum"}}"#,
                "context-length", false
            ),
            (
                400,
                #"{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}"#,
                "authentication", false
            ),
            (400, #"{"error":{"message":"filtered","code":"content_filter"}}"#, "content-filter", false),
            (401, #"{"error":{"message":"Incorrect API key provided"}}"#, "authentication", false),
            (403, #"{"type":"error","error":{"type":"permission_error","message":"no"}}"#, "permission-denied", false),
            (404, #"{"error":{"message":"The model does not exist","code":"model_not_found"}}"#, "not-found", false),
            (408, "", "timeout", true),
            (409, "", "conflict", true),
            (429, #"{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}"#, "rate-limited", true),
            (
                429,
                #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#,
                "quota-exhausted", false
            ),
            (
                429,
                #"{"type":"error","error":{"type":"rate_limit_error","message":"cap","details":{"error_code":"enforced_spend_limit_reached"}}}"#,
                "quota-exhausted", false
            ),
            (
                429,
                #"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}"#,
                "quota-exhausted", false
            ),
            (500, #"{"error":{"message":"boom","type":"server_error"}}"#, "server-error", true),
            (502, "<html>bad gateway</html>", "server-error", true),
            (503, "", "server-error", true),
            (529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, "overloaded", true),
        ] as [(Int, String, String, Bool)])
    func statusAndBody(_ status: Int, _ body: String, _ code: String, _ retryable: Bool) {
        let error = classify(status, body)
        #expect(error.code.rawValue == code)
        #expect(error.isRetryable == retryable)
        #expect(error.httpStatus == status)
    }

    @Test("the server's delay comes from retry-after-ms, retry-after, Gemini RetryInfo or an exhausted bucket")
    func retryDelays() {
        #expect(classify(429, "{}", headers: ["retry-after-ms": "1200"]).retryAfter == .milliseconds(1200))
        #expect(classify(429, "{}", headers: ["retry-after": "7"]).retryAfter == .seconds(7))
        let gemini =
            #"{"error":{"code":429,"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"34s"}]}}"#
        #expect(classify(429, gemini).retryAfter == .seconds(34))
        let bucket: HTTPHeaders = ["x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s"]
        #expect(classify(429, "{}", headers: bucket).retryAfter == .seconds(360))
        #expect(classify(429, "{}").retryAfter == nil)
    }

    @Test("with several delays given, retry-after-ms wins over retry-after, over RetryInfo, over a bucket's reset")
    func retryDelayPrecedence() {
        let gemini =
            #"{"error":{"code":429,"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"34s"}]}}"#
        let bucket: HTTPHeaders = ["x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s"]
        var headers = bucket
        headers.set("retry-after", "7")
        #expect(classify(429, gemini, headers: headers).retryAfter == .seconds(7))
        headers.set("retry-after-ms", "1200")
        #expect(classify(429, gemini, headers: headers).retryAfter == .milliseconds(1200))
        #expect(classify(429, gemini, headers: bucket).retryAfter == .seconds(34))
        #expect(classify(429, "{}", headers: bucket).retryAfter == .seconds(360))
    }

    @Test("x-should-retry overrides the status's retry decision")
    func shouldRetryHeader() {
        #expect(classify(400, "{}", headers: ["x-should-retry": "true"]).isRetryable)
        #expect(!classify(500, "{}", headers: ["x-should-retry": "false"]).isRetryable)
    }

    @Test("authentication errors name the variable to check, and keys never reach the message")
    func authenticationMessage() {
        let error = classify(401, #"{"error":{"message":"Incorrect API key provided: sk-test-secret-value"}}"#)
        #expect(error.message.contains("check P_API_KEY"))
        #expect(!error.message.contains("sk-test-secret-value"))
    }

    @Test(
        "mid-stream errors are typed by their error type",
        arguments: [
            (#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, "overloaded", true),
            (#"{"type":"error","error":{"type":"api_error","message":"x"}}"#, "server-error", true),
            (#"{"error":{"message":"The server had an error","type":"server_error"}}"#, "server-error", true),
            (#"{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}"#, "server-error", true),
            (#"{"code":400,"message":"context","type":"exceed_context_size_error"}"#, "context-length", false),
            (
                #"{"error":{"code":"rate_limit_exceeded","type":"rate_limit_error","message":"slow down"}}"#,
                "rate-limited", true
            ),
        ] as [(String, String, Bool)])
    func streamErrors(_ text: String, _ code: String, _ retryable: Bool) throws {
        let error = ProviderError(
            streamError: try JSONValue(parsing: text), raw: text, provider: "p", redactor: redactor)
        #expect(error.code.rawValue == code)
        #expect(error.isRetryable == retryable)
    }
}
