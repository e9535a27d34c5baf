import Foundation
import FuzzDriver
import SluiceCore
import SluiceProviders

// libFuzzer target: what the HTTP adapters do with bytes a provider sends. The input is read as
// an SSE stream by every dialect's stream decoder, as a whole non-streamed body by every
// dialect, and as an error body under the statuses providers use. Errors are expected; a trap,
// a hang or a sanitizer report is a bug.
// Build and run with `scripts/fuzz.sh provider-json SECONDS` (see docs/development.md, "Fuzzing").

let dialects: [any WireDialect] = [
    OpenAIChatDialect(quirks: .init(settings: ProviderSettings.presets[0])), AnthropicMessagesDialect(),
    GeminiDialect(),
]
let redactor = SecretRedactor(knownSecrets: ["fuzz-secret-value"])

runFuzzer { data, size in
    let bytes = fuzzInput(data, size)
    for dialect in dialects {
        var parser = ServerSentEventParser()
        var decoder = dialect.makeStreamDecoder(provider: "fuzz", redactor: redactor)
        var events = parser.feed(bytes)
        if let last = parser.finish() { events.append(last) }
        for event in events {
            do {
                _ = try decoder.decode(event)
            } catch {
                break
            }
        }
        _ = decoder.isComplete
        if let body = try? JSONValue(parsing: bytes) {
            _ = try? dialect.decodeResponse(body, provider: "fuzz", redactor: redactor)
        }
    }
    for status in [400, 401, 404, 429, 500, 529] {
        let error = ProviderError(
            httpStatus: status, headers: ["retry-after": "3", "x-ratelimit-reset-requests": "6m0s"], body: bytes,
            provider: "fuzz", keyVariable: "FUZZ_API_KEY", redactor: redactor)
        if error.message.contains("fuzz-secret-value") { fatalError("a known secret reached an error message") }
    }
    _ = RateLimitSnapshot(headers: HTTPHeaders([("x-ratelimit-reset-tokens", String(decoding: bytes, as: UTF8.self))]))
    return 0
}
