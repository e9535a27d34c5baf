public import SluiceCore

/// Finds API keys written into YAML files: a literal `api_key` key, or text shaped like a provider's key.
///
/// The diagnostics never repeat the key: they name the provider whose key it resembles and say
/// to use `api_key_env` instead, since a key in a committed file is a leaked key.
public enum SecretScanner {
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

    /// The provider a key-shaped token in `text` belongs to, with its article (`an OpenAI`), if
    /// any token looks like a key (see ``APIKeyShape``).
    static func keyShape(in text: String) -> String? {
        guard let provider = APIKeyShape.matches(in: text).first?.shape.provider else { return nil }
        let startsWithVowel = provider.first.map { "AEIOU".contains($0) } ?? false
        return (startsWithVowel ? "an " : "a ") + provider
    }

    /// `text` with every key-shaped token cut to its prefix and `…`, and the value after any
    /// `api_key:` blanked, so a diagnostic's source excerpt never shows a key.
    public static func redacting(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let tokens = APIKeyShape.matches(inUTF8: bytes)
        guard !tokens.isEmpty || secretKeyNames.contains(where: { text.contains($0) }) else { return text }
        for token in tokens.reversed() {
            bytes.replaceSubrange(
                (token.utf8Range.lowerBound + token.shape.prefix.utf8.count)..<token.utf8Range.upperBound,
                with: Array("…".utf8))
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
}
