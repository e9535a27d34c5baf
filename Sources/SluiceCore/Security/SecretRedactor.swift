/// Removes secrets (API keys, bearer tokens) from requests, headers, URLs and free text.
///
/// Keys must never reach the store, logs, transcripts, reports or error messages. Everything that
/// records a provider request passes it through a redactor first; the store applies one again on
/// the way in, so a caller that forgets cannot leak a key into the database.
///
/// What is removed:
/// - the value of any header or JSON member whose name is a credential name (`Authorization`,
///   `Proxy-Authorization`, `x-api-key`, `x-goog-api-key`, `api-key`, `api_key`, `apikey`,
///   `Cookie`, `Set-Cookie`), compared without regard to case;
/// - the value of credential query parameters (`key=`, `api_key=`, `apikey=`, `access_token=`)
///   in any URL-looking string;
/// - every occurrence of a secret the caller names explicitly (`knownSecrets`, e.g. the values
///   of the API-key environment variables in use), anywhere in any string;
/// - `Bearer <token>` wherever it appears in text;
/// - every token shaped like a provider's API key (``APIKeyShape``), named or not, so a key
///   pasted into a prompt never reaches the store.
///
/// Redacted values become ``placeholder``. Redaction is idempotent.
public struct SecretRedactor: Sendable {
    /// What a removed secret is replaced with.
    public static let placeholder = "[REDACTED]"

    /// Header and JSON member names whose values are always secrets, lowercased.
    public static let credentialNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key", "api_key",
        "apikey", "cookie", "set-cookie",
    ]

    /// URL query parameter names whose values are always secrets, lowercased.
    public static let credentialQueryParameters: Set<String> = ["key", "api_key", "apikey", "access_token"]

    /// Secret values to scrub wherever they occur; values shorter than 8 characters are ignored,
    /// since replacing every occurrence of a short string would garble ordinary text.
    public let knownSecrets: [String]

    /// A redactor that also scrubs the given secret values wherever they occur.
    public init(knownSecrets: [String] = []) {
        self.knownSecrets = knownSecrets.filter { $0.count >= 8 }.sorted { $0.count > $1.count }
    }

    // MARK: - JSON and headers

    /// The value with every credential member, credential query parameter and known secret removed.
    public func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(redact(text: text))
        case .array(let elements):
            return .array(elements.map(redact))
        case .object(let object):
            var redacted = JSONObject()
            for (key, member) in object {
                if Self.credentialNames.contains(key.lowercased()) {
                    redacted[key] = member.isNull ? .null : .string(Self.placeholder)
                } else {
                    redacted[key] = redact(member)
                }
            }
            return .object(redacted)
        case .null, .bool, .integer, .double:
            return value
        }
    }

    /// The headers with every credential header's value replaced and known secrets removed.
    public func redact(headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.map { header in
            if Self.credentialNames.contains(header.name.lowercased()) {
                return (header.name, Self.placeholder)
            }
            return (header.name, redact(text: header.value))
        }
    }

    // MARK: - Text

    /// The text with known secrets, key-shaped tokens, bearer tokens and credential query
    /// parameters removed.
    public func redact(text: String) -> String {
        var result = text
        for secret in knownSecrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.placeholder)
        }
        let keys = APIKeyShape.matches(in: result)
        if !keys.isEmpty {
            var bytes = Array(result.utf8)
            for key in keys.reversed() {
                bytes.replaceSubrange(key.utf8Range, with: Array(Self.placeholder.utf8))
            }
            result = String(decoding: bytes, as: UTF8.self)
        }
        // The regular expressions are slow next to a plain search, so they run only on text
        // that could hold what they look for; prompts are often long.
        let lowercased = result.lowercased()
        if lowercased.contains("bearer") {
            // `Bearer <token>`, any case; the capture is the part kept.
            let bearerToken = /(?i)(\bbearer\s+)[^\s",']+/
            result = result.replacing(bearerToken) { match in match.output.1 + Self.placeholder }
        }
        if lowercased.contains("key=") || lowercased.contains("token=") {
            // A credential query parameter after `?` or `&`; the capture is the part kept.
            let credentialQueryParameter = /(?i)([?&](?:key|api_key|apikey|access_token)=)[^&#\s"']+/
            result = result.replacing(credentialQueryParameter) { match in
                match.output.1 + Self.placeholder
            }
        }
        return result
    }

}
