public import SluiceCore

/// Why a provider call failed, classified so retry and fallback can decide without parsing text.
///
/// ``isRetryable`` follows the code by default (the table in `shared/reference/providers.md`
/// §8.1): network trouble, timeouts, rate limits, overload, 5xx and broken streams are worth
/// another attempt; bad requests, authentication, missing models, context overflow, exhausted
/// quota and unsupported features are not. An adapter that knows better (an `x-should-retry`
/// header, say) passes its own answer.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// What happened, with secrets already removed.
    public var message: String
    /// The provider that failed (`local`, `openai`…).
    public var provider: String
    /// The HTTP status, for HTTP providers.
    public var httpStatus: Int?
    /// How long the provider asked callers to wait before trying again.
    public var retryAfter: Duration?
    /// Whether the same request may succeed if sent again.
    public var isRetryable: Bool

    /// An error with the given fields; `isRetryable` defaults to the code's usual answer.
    public init(
        code: Code,
        message: String,
        provider: String,
        httpStatus: Int? = nil,
        retryAfter: Duration? = nil,
        isRetryable: Bool? = nil
    ) {
        self.code = code
        self.message = message
        self.provider = provider
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.isRetryable = isRetryable ?? code.isRetryableByDefault
    }

    /// The error as a diagnostic, coded `provider-<code>`.
    public var diagnostic: Diagnostic {
        .error(
            DiagnosticCode(rawValue: "provider-\(code.rawValue)"), "\(provider): \(message)", at: nil,
            hint: code.hint)
    }

    /// `provider: message [code]`.
    public var description: String { "\(provider): \(message) [\(code.rawValue)]" }
}

extension ProviderError {
    /// The kind of a provider failure, as a stable kebab-case string.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The stable spelling.
        public var rawValue: String

        /// A code with the given spelling.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The connection failed or was reset. Retryable.
        public static let network = Code(rawValue: "network")
        /// The request or the stream timed out (also HTTP 408). Retryable.
        public static let timeout = Code(rawValue: "timeout")
        /// The request conflicted with another (HTTP 409). Retryable.
        public static let conflict = Code(rawValue: "conflict")
        /// Too many requests or tokens for now (HTTP 429). Retryable, after ``ProviderError/retryAfter``.
        public static let rateLimited = Code(rawValue: "rate-limited")
        /// The account's quota or spend limit is used up (a 429 or 402 that waiting will not fix).
        public static let quotaExhausted = Code(rawValue: "quota-exhausted")
        /// The provider is overloaded (HTTP 529, `overloaded_error`). Retryable.
        public static let overloaded = Code(rawValue: "overloaded")
        /// The provider failed (HTTP 5xx, an error inside a stream). Retryable.
        public static let serverError = Code(rawValue: "server-error")
        /// The stream ended before the provider said it was complete. Retryable.
        public static let streamTruncated = Code(rawValue: "stream-truncated")
        /// The stream stopped sending for longer than the idle timeout. Retryable.
        public static let streamStalled = Code(rawValue: "stream-stalled")
        /// The request is malformed or has a bad parameter (HTTP 400, 413, 422).
        public static let badRequest = Code(rawValue: "bad-request")
        /// The API key is missing or invalid (HTTP 401).
        public static let authentication = Code(rawValue: "authentication")
        /// The key may not use this model or endpoint (HTTP 403).
        public static let permissionDenied = Code(rawValue: "permission-denied")
        /// The model or endpoint does not exist (HTTP 404). Another model in a fallback chain may work.
        public static let notFound = Code(rawValue: "not-found")
        /// The server has no such endpoint at all (a 404 that is not about the model): the
        /// provider's base URL or path is wrong, so no model on this account can work.
        public static let endpointNotFound = Code(rawValue: "endpoint-not-found")
        /// The prompt is longer than the model's context window.
        public static let contextLength = Code(rawValue: "context-length")
        /// The provider refused to answer, or stopped answering, because of its content policy.
        /// Another model or provider may answer.
        public static let contentFilter = Code(rawValue: "content-filter")
        /// The response did not parse as the provider's wire format.
        public static let invalidResponse = Code(rawValue: "invalid-response")
        /// The provider cannot do what the request asks (an output mode, a parameter).
        public static let unsupported = Code(rawValue: "unsupported")
        /// The provider cannot be called at all: it is not configured, or this build has no
        /// adapter for its kind. Another model in a fallback chain may work.
        public static let unavailable = Code(rawValue: "unavailable")
        /// This installation of sluice cannot make HTTP requests: `libSluiceHTTPClient.so` (or
        /// libcurl, which it needs) could not be loaded. Not retryable, and no other HTTP
        /// provider can work either: the installation has to be repaired.
        public static let httpLibraryMissing = Code(rawValue: "http-library-missing")

        /// Classifies an HTTP error status. A 429 is ``rateLimited``; an adapter that sees a
        /// quota-exhaustion body (`insufficient_quota`…) uses ``quotaExhausted`` instead.
        public init(httpStatus: Int) {
            switch httpStatus {
            case 400, 413, 422: self = .badRequest
            case 401: self = .authentication
            case 402: self = .quotaExhausted
            case 403: self = .permissionDenied
            case 404: self = .notFound
            case 408: self = .timeout
            case 409: self = .conflict
            case 429: self = .rateLimited
            case 529: self = .overloaded
            case 500...599: self = .serverError
            default: self = .badRequest
            }
        }

        /// Whether failures of this kind are usually worth retrying.
        public var isRetryableByDefault: Bool {
            [.network, .timeout, .conflict, .rateLimited, .overloaded, .serverError, .streamTruncated, .streamStalled]
                .contains(self)
        }

        /// What a user can do about failures of this kind.
        var hint: String? {
            switch self {
            case .authentication: "check the API key in the provider's environment variable"
            case .quotaExhausted: "the account's quota or spend limit is used up; check the provider's billing page"
            case .notFound: "check the model name; `sluice providers` lists what is configured"
            case .contextLength: "shorten the prompt or use a model with a longer context window"
            case .contentFilter: "the provider's content policy refused the prompt; add another model to the chain"
            case .rateLimited: "lower the step's concurrency or the provider's rpm/tpm in sluice.yaml"
            case .httpLibraryMissing:
                "reinstall sluice keeping lib/libSluiceHTTPClient.so beside the bin/ folder that holds sluice "
                    + "(or the library next to sluice), and install libcurl (Debian and Ubuntu: apt-get install libcurl4)"
            default: nil
            }
        }

        /// The stable spelling.
        public var description: String { rawValue }
    }
}
