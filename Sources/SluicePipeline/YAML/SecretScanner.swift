public import SluiceCore

extension DiagnosticCode {
    /// An API key written into a YAML file instead of read from the environment.
    public static let apiKeyInFile: DiagnosticCode = "api-key-in-file"
}

/// Finds API keys written into YAML files: a literal `api_key` key, or text shaped like a provider's key.
///
/// The diagnostics never repeat the key: they name the provider whose key it resembles and say
/// to use `api_key_env` instead, since a key in a committed file is a leaked key.
public enum SecretScanner {
    /// Known key shapes, most specific prefix first: (prefix, provider, minimum characters after the prefix).
    private static let shapes: [(prefix: String, provider: String, minimumLength: Int)] = [
        ("sk-ant-", "an Anthropic", 20),
        ("sk-proj-", "an OpenAI", 20),
        ("sk-or-", "an OpenRouter", 20),
        ("sk-", "an OpenAI", 20),
        ("AIza", "a Google", 30),
        ("gsk_", "a Groq", 20),
    ]

    /// Mapping keys that can only hold a secret.
    static let secretKeyNames: Set<String> = ["api_key", "apiKey", "api-key"]

    /// Every key written into the tree under `root`.
    public static func scan(_ root: YAMLNode) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        scan(root, into: &diagnostics)
        return diagnostics
    }

    private static func scan(_ node: YAMLNode, into diagnostics: inout [Diagnostic]) {
        switch node.content {
        case .scalar(let text, _):
            if let provider = keyShape(in: text) {
                diagnostics.append(
                    .error(
                        .apiKeyInFile, "this value looks like \(provider) API key; keys must not be written into files",
                        at: node.location,
                        hint:
                            "remove the key (and revoke it if this file was shared), put it in an environment variable and name that variable with 'api_key_env' in sluice.yaml"
                    ))
            }
        case .sequence(let elements):
            for element in elements { scan(element, into: &diagnostics) }
        case .mapping(let entries):
            for entry in entries {
                if secretKeyNames.contains(entry.key) {
                    diagnostics.append(
                        .error(
                            .apiKeyInFile,
                            "'\(entry.key)' writes a secret into the file; Sluice reads keys only from the environment",
                            at: entry.keyLocation,
                            hint:
                                "replace it with 'api_key_env: NAME_OF_VARIABLE' and export that variable (or put it in .env)"
                        ))
                    if case .scalar = entry.value.content { continue }
                }
                scan(entry.value, into: &diagnostics)
            }
        }
    }

    /// The provider a key-shaped token in `text` belongs to, if any token looks like a key.
    static func keyShape(in text: String) -> String? {
        keyTokens(in: Array(text.utf8)).first?.provider
    }

    /// `text` with every key-shaped token cut to its prefix and `…`, and the value after any
    /// `api_key:` blanked, so a diagnostic's source excerpt never shows a key.
    public static func redacting(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let tokens = keyTokens(in: bytes)
        guard !tokens.isEmpty || secretKeyNames.contains(where: { text.contains($0) }) else { return text }
        for token in tokens.reversed() {
            bytes.replaceSubrange(
                (token.range.lowerBound + token.prefixLength)..<token.range.upperBound, with: Array("…".utf8))
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line -> String in
            for name in secretKeyNames {
                if let range = line.firstRange(of: name + ":") {
                    return String(line[..<range.upperBound]) + " …"
                }
            }
            return String(line)
        }.joined(separator: "\n")
    }

    /// Every key-shaped token: its byte range, how many bytes of it are the public prefix, and the provider.
    private static func keyTokens(in utf8: [UInt8]) -> [(range: Range<Int>, prefixLength: Int, provider: String)] {
        guard utf8.count >= 24 else { return [] }
        var tokens: [(range: Range<Int>, prefixLength: Int, provider: String)] = []
        var index = 0
        while index < utf8.count {
            let atTokenStart = index == 0 || !isKeyCharacter(utf8[index - 1])
            if atTokenStart,
                utf8[index] == UInt8(ascii: "s") || utf8[index] == UInt8(ascii: "A")
                    || utf8[index] == UInt8(ascii: "g")
            {
                for shape in shapes where hasPrefix(utf8, at: index, shape.prefix) {
                    var end = index + shape.prefix.utf8.count
                    while end < utf8.count, isKeyCharacter(utf8[end]) { end += 1 }
                    let body = utf8[(index + shape.prefix.utf8.count)..<end]
                    let hasDigit = body.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                    if body.count >= shape.minimumLength, hasDigit {
                        tokens.append((index..<end, shape.prefix.utf8.count, shape.provider))
                        index = end
                    }
                    break
                }
            }
            index += 1
        }
        return tokens
    }

    private static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: String) -> Bool {
        var position = index
        for byte in prefix.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }
}
