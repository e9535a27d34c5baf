/// What a provider's API key looks like: the one place Sluice knows key shapes.
///
/// A token is key-shaped when it starts a word (the character before it is not a letter, digit,
/// `-` or `_`), begins with a known prefix (OpenAI `sk-`, `sk-proj-`; Anthropic `sk-ant-`;
/// OpenRouter `sk-or-`; Google `AIza`; Groq `gsk_`), and continues with at least the shape's
/// minimum number of letters, digits, `-` or `_`, one of them a digit. Text shorter than 24 bytes
/// never holds a key. The pipeline refuses key-shaped values in YAML files and
/// ``SecretRedactor`` removes them from everything it redacts.
public struct APIKeyShape: Sendable, Equatable {
    /// The public part every key of this shape starts with, e.g. `sk-ant-`.
    public let prefix: String
    /// The provider that issues keys of this shape, e.g. `Anthropic`.
    public let provider: String
    /// How many key characters must follow the prefix for a token to count as a key.
    public let minimumLength: Int

    /// Every known shape, most specific prefix first, so `sk-ant-…` is Anthropic rather than OpenAI.
    public static let known: [APIKeyShape] = [
        APIKeyShape(prefix: "sk-ant-", provider: "Anthropic", minimumLength: 20),
        APIKeyShape(prefix: "sk-proj-", provider: "OpenAI", minimumLength: 20),
        APIKeyShape(prefix: "sk-or-", provider: "OpenRouter", minimumLength: 20),
        APIKeyShape(prefix: "sk-", provider: "OpenAI", minimumLength: 20),
        APIKeyShape(prefix: "AIza", provider: "Google", minimumLength: 30),
        APIKeyShape(prefix: "gsk_", provider: "Groq", minimumLength: 20),
    ]

    /// One key-shaped token found in a text.
    public struct Match: Sendable, Equatable {
        /// Where the whole token lies, as UTF-8 byte offsets into the searched text.
        public let utf8Range: Range<Int>
        /// The shape it matched; its `prefix` is the part of the token that is safe to show.
        public let shape: APIKeyShape
    }

    /// Every key-shaped token in `text`, in order of appearance.
    public static func matches(in text: String) -> [Match] {
        matches(inUTF8: Array(text.utf8))
    }

    /// Every key-shaped token in the UTF-8 bytes `utf8`, in order of appearance.
    public static func matches(inUTF8 utf8: [UInt8]) -> [Match] {
        guard utf8.count >= 24 else { return [] }
        var matches: [Match] = []
        var index = 0
        while index < utf8.count {
            let atTokenStart = index == 0 || !isKeyCharacter(utf8[index - 1])
            if atTokenStart,
                utf8[index] == UInt8(ascii: "s") || utf8[index] == UInt8(ascii: "A")
                    || utf8[index] == UInt8(ascii: "g")
            {
                for shape in known where hasPrefix(utf8, at: index, shape.prefix) {
                    var end = index + shape.prefix.utf8.count
                    while end < utf8.count, isKeyCharacter(utf8[end]) { end += 1 }
                    let body = utf8[(index + shape.prefix.utf8.count)..<end]
                    let hasDigit = body.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                    if body.count >= shape.minimumLength, hasDigit {
                        matches.append(Match(utf8Range: index..<end, shape: shape))
                        index = end
                    }
                    break
                }
            }
            index += 1
        }
        return matches
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
