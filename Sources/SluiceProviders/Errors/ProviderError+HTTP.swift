public import Foundation
public import SluiceCore

extension ProviderError {
    /// Classifies a failed HTTP response from its status, headers and body (providers.md §8).
    ///
    /// The status gives the first answer (``Code/init(httpStatus:)``); the body refines it: a
    /// 429 that is quota exhaustion (OpenAI `insufficient_quota`, Anthropic
    /// `enforced_spend_limit_reached`, a Gemini per-day quota, an OpenRouter daily cap) is
    /// ``Code/quotaExhausted``; a 400 about the context window is ``Code/contextLength``; a
    /// content-policy refusal is ``Code/contentFilter``; Gemini's invalid-key 400 is
    /// ``Code/authentication``. The server's wait comes from `retry-after-ms`, `retry-after`,
    /// Gemini's `RetryInfo`, or the reset of an exhausted rate-limit bucket, in that order;
    /// `x-should-retry` overrides the retry decision. `keyVariable` is named in authentication
    /// errors so the user knows what to check.
    public init(
        httpStatus status: Int, headers: HTTPHeaders, body: [UInt8], provider: String, keyVariable: String?,
        redactor: SecretRedactor, now: Date = Date()
    ) {
        let json = try? JSONValue(parsing: body)
        let detail = ProviderErrorBody(json: json)
        var code = Code(httpStatus: status)
        if code == .rateLimited && detail.isQuotaExhaustion { code = .quotaExhausted }
        if code == .badRequest || code == .serverError || code == .notFound {
            if detail.isContextOverflow { code = .contextLength }
        }
        if detail.isContentFilter { code = .contentFilter }
        if detail.isInvalidKey { code = .authentication }
        if code == .notFound || (code == .badRequest && detail.isModelNotFound) { code = .notFound }

        var message = detail.message ?? Self.fallbackMessage(status: status, body: body)
        if code == .authentication || code == .permissionDenied {
            let variable = keyVariable.map { "check \($0)" } ?? "check the provider's key"
            message += " (HTTP \(status); \(variable))"
        } else {
            message += " (HTTP \(status)\(detail.kind.map { ", \($0)" } ?? ""))"
        }
        let snapshot = RateLimitSnapshot(headers: headers, now: now)
        var retryAfter = snapshot?.retryAfter ?? detail.retryDelay
        if retryAfter == nil && code == .rateLimited { retryAfter = snapshot?.resetOfExhaustedBuckets }
        var retryable: Bool?
        switch headers["x-should-retry"]?.lowercased() {
        case "true": retryable = true
        case "false": retryable = false
        default: retryable = nil
        }
        self.init(
            code: code, message: redactor.redact(text: message), provider: provider, httpStatus: status,
            retryAfter: retryAfter, isRetryable: retryable)
    }

    /// Classifies an error reported inside a stream (or a 200 body) after the response began:
    /// OpenAI-style `{"error": {…}}`, Anthropic `event: error`, Gemini `{"error": {…}}`, old llama.cpp
    /// `error:` fields. Overload and server errors are retryable; a numeric code is read as an
    /// HTTP status.
    public init(streamError json: JSONValue?, raw: String, provider: String, redactor: SecretRedactor) {
        let detail = ProviderErrorBody(json: json)
        var code: Code = .serverError
        if let status = detail.status, status >= 400 { code = Code(httpStatus: status) }
        switch detail.kind {
        case "overloaded_error"?, "unavailable_error"?: code = .overloaded
        case "rate_limit_error"?, "rate_limit_exceeded"?: code = .rateLimited
        case "invalid_request_error"? where detail.status == nil: code = .badRequest
        case "authentication_error"?: code = .authentication
        case "permission_error"?: code = .permissionDenied
        case "not_found_error"?: code = .notFound
        default: break
        }
        if detail.isContextOverflow { code = .contextLength }
        if detail.isContentFilter { code = .contentFilter }
        if code == .rateLimited && detail.isQuotaExhaustion { code = .quotaExhausted }
        let message =
            (detail.message ?? (raw.isEmpty ? "the provider reported an error mid-stream" : raw))
            + " (in the stream\(detail.kind.map { ", \($0)" } ?? ""))"
        self.init(
            code: code, message: redactor.redact(text: message), provider: provider, retryAfter: detail.retryDelay)
    }

    /// An error for a transport failure (no response, or a body cut off).
    public init(transport error: HTTPTransportError, provider: String, redactor: SecretRedactor) {
        let code: Code =
            switch error.kind {
            case .network: .network
            case .connectTimeout, .totalTimeout: .timeout
            case .stalled: .streamStalled
            case .libraryMissing: .httpLibraryMissing
            }
        self.init(code: code, message: redactor.redact(text: error.message), provider: provider)
    }

    private static func fallbackMessage(status: Int, body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = HTTPURLResponseStatus.phrase(for: status)
        return text.isEmpty ? "HTTP \(status) \(reason)" : "\(reason): \(text)"
    }
}

/// Reason phrases for the statuses providers send, for error messages when the body says nothing.
enum HTTPURLResponseStatus {
    static func phrase(for status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 401: "unauthorized"
        case 402: "payment required"
        case 403: "forbidden"
        case 404: "not found"
        case 408: "request timeout"
        case 409: "conflict"
        case 413: "request too large"
        case 422: "unprocessable request"
        case 429: "too many requests"
        case 500: "internal server error"
        case 502: "bad gateway"
        case 503: "service unavailable"
        case 504: "gateway timeout"
        case 529: "overloaded"
        default: "unexpected status"
        }
    }
}
