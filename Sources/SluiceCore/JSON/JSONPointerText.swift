/// JSON Pointer (RFC 6901) text: escaping and splitting reference tokens, code point by code point.
///
/// Working on characters would be wrong: `"~\u{301}"` is one `Character`, so a character-level
/// search for `~` would miss it and leave the pointer ambiguous.
public enum JSONPointerText {
    /// A reference token as it appears in a pointer: `~` becomes `~0`, `/` becomes `~1`.
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var escaped = String.UnicodeScalarView()
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": escaped.append(contentsOf: "~0".unicodeScalars)
            case "/": escaped.append(contentsOf: "~1".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// The unescaped reference tokens of `pointer`, or `nil` when it is not a pointer (no leading `/`).
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.utf8.first == UInt8(ascii: "/") else { return nil }
        // Splitting UTF-8 at an ASCII byte never cuts a code point in two.
        return pointer.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
            unescape(String(decoding: $0, as: UTF8.self))
        }
    }

    private static func unescape(_ token: String) -> String {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return token }
        var unescaped = String.UnicodeScalarView()
        var pendingTilde = false
        for scalar in token.unicodeScalars {
            if pendingTilde {
                pendingTilde = false
                switch scalar {
                case "0": unescaped.append("~")
                case "1": unescaped.append("/")
                default: unescaped.append(contentsOf: ["~", scalar])
                }
            } else if scalar == "~" {
                pendingTilde = true
            } else {
                unescaped.append(scalar)
            }
        }
        if pendingTilde { unescaped.append("~") }
        return String(unescaped)
    }
}
