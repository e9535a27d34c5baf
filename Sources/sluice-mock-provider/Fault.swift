/// A failure the mock injects into one response.
///
/// Chosen by probability (`--fault-*` flags) or, for deterministic tests, by the request: an
/// `x-mock-fault` header or a `[mock:fault=NAME]` marker in the prompt.
enum Fault: String, CaseIterable, Sendable {
    case status500 = "500"
    case status503 = "503"
    case overloaded = "529"
    case bareRateLimit = "429"
    case quota
    case reset
    case truncate
    case stall
    case invalidJSON = "invalid-json"
    case midstreamError = "midstream"
    case llamaCppError = "llamacpp-error"
    case badRequest = "400"
    case unauthorized = "401"
    case notFound = "404"
    case contextLength = "context-length"
    case contentFilter = "content-filter"
    case finishLength = "length"
}
