public import SluiceCore

/// JSON Pointer (RFC 6901) helpers: escaping reference tokens and walking a value.
public enum JSONPointer {
    /// A reference token as it appears in a pointer: `~` becomes `~0`, `/` becomes `~1`.
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// The unescaped reference tokens of `pointer`, or `nil` when it is not a pointer (no leading `/`).
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }

    /// The pointer made of `tokens`.
    public static func make(_ tokens: [String]) -> String {
        tokens.map { "/" + escape($0) }.joined()
    }

    /// The value `pointer` names inside `root`, or `nil` when it names nothing.
    public static func value(at pointer: String, in root: JSONValue) -> JSONValue? {
        guard let tokens = tokens(pointer) else { return nil }
        var current = root
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard token == "0" || (!token.hasPrefix("0") && token.allSatisfy(\.isASCIIDigit)),
                    let index = Int(token), elements.indices.contains(index)
                else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}

extension Character {
    /// Whether the character is one of the ASCII digits `0`–`9`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
