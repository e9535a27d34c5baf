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

    /// The shortest secret value scrubbed wherever it occurs: 4 characters.
    ///
    /// A short password (`DB_PASSWORD=hunter2`) is still a password, so the bar is low; but a value
    /// of one to three characters (`SORT_KEY=id`, `RETRY_TOKEN=1`) cannot be a secret worth the name,
    /// and replacing every occurrence of it would garble ordinary text beyond reading.
    public static let minimumSecretLength = 4

    /// Secret values to scrub wherever they occur, longest first; values shorter than
    /// ``minimumSecretLength`` are ignored.
    public let knownSecrets: [String]

    /// A redactor that also scrubs the given secret values wherever they occur.
    public init(knownSecrets: [String] = []) {
        let distinct = Set(knownSecrets.filter { $0.count >= Self.minimumSecretLength }.map(CodePointKey.init))
        self.knownSecrets = distinct.map(\.string).sorted {
            $0.count != $1.count ? $0.count > $1.count : $0 < $1
        }
    }

    /// Endings of environment variable names whose values are secrets (compared without regard to case).
    public static let secretVariableSuffixes = ["_KEY", "_TOKEN", "_SECRET", "_PASSWORD"]

    /// Whether the environment variable `name` holds a secret by its name: `OPENAI_API_KEY`,
    /// `GITHUB_TOKEN`, `CLIENT_SECRET`, `DB_PASSWORD`.
    public static func isSecretVariable(_ name: String) -> Bool {
        let upper = name.uppercased()
        return secretVariableSuffixes.contains { upper.hasSuffix($0) }
    }

    /// The redactor for one run: it scrubs `loadedSecrets` (every key the run loaded, wherever it
    /// came from: the environment, a `.env` file, a config) and the value of every variable in
    /// `environment` whose name marks it as a secret (``isSecretVariable(_:)``).
    ///
    /// Everything a run shows or keeps (terminal progress, outputs on stdout, logs, the store,
    /// reports) goes through one redactor made this way, so a key a `run:` step prints to stderr
    /// appears as ``placeholder`` on the terminal too.
    public init(loadedSecrets: [String], environment: [String: String]) {
        let named = environment.compactMap { name, value in Self.isSecretVariable(name) ? value : nil }
        self.init(knownSecrets: loadedSecrets + named)
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
    ///
    /// Work is linear in the text's length (times the number of known secrets): it searches the
    /// UTF-8 bytes, and text with nothing to redact is returned as it is, so a 50 MB input costs
    /// one pass per secret rather than a copy per step.
    public func redact(text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for secret in knownSecrets where Self.replaceAll(Array(secret.utf8), in: &bytes) {
            changed = true
        }
        let keys = APIKeyShape.matches(inUTF8: bytes)
        for key in keys.reversed() {
            bytes.replaceSubrange(key.utf8Range, with: Array(Self.placeholder.utf8))
            changed = true
        }
        var result = changed ? String(decoding: bytes, as: UTF8.self) : text
        // The regular expressions are slow next to a byte search, so they run only on text
        // that could hold what they look for; prompts are often long.
        if Self.containsIgnoringCase(bytes, "bearer") {
            // `Bearer <token>`, any case; the capture is the part kept.
            let bearerToken = /(?i)(\bbearer\s+)[^\s",']+/
            result = result.replacing(bearerToken) { match in match.output.1 + Self.placeholder }
        }
        if Self.containsIgnoringCase(bytes, "key=") || Self.containsIgnoringCase(bytes, "token=") {
            // A credential query parameter after `?` or `&`; the capture is the part kept.
            let credentialQueryParameter = /(?i)([?&](?:key|api_key|apikey|access_token)=)[^&#\s"']+/
            result = result.replacing(credentialQueryParameter) { match in
                match.output.1 + Self.placeholder
            }
        }
        return result
    }

    /// Replaces every occurrence of `needle` in `bytes` with the placeholder; whether any was found.
    private static func replaceAll(_ needle: [UInt8], in bytes: inout [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var result: [UInt8] = []
        var copied = 0
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                if result.isEmpty { result.reserveCapacity(bytes.count) }
                result += bytes[copied..<index]
                result += placeholder.utf8
                index += needle.count
                copied = index
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return false }
        result += bytes[copied...]
        bytes = result
        return true
    }

    /// Whether `bytes` contain the ASCII `word` (lowercase), in any case.
    private static func containsIgnoringCase(_ bytes: [UInt8], _ word: StaticString) -> Bool {
        let needle = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        let lowered = { (byte: UInt8) -> UInt8 in byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        var index = 0
        while index <= bytes.count - needle.count {
            if lowered(bytes[index]) == first {
                var matched = 1
                while matched < needle.count, lowered(bytes[index + matched]) == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }

}
