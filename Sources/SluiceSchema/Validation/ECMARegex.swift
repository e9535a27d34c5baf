import Foundation

/// A `pattern` compiled once with ECMA-262 meanings for the shorthand classes, matched unanchored.
///
/// The platform engine (ICU through `NSRegularExpression`) gives `\d`, `\w` and `\b` their Unicode
/// meanings; ECMA-262 without the `u` flag means ASCII. The pattern is rewritten so `\d`, `\D`,
/// `\w` and `\W` match ASCII digits and word characters, and `\s`/`\S` use ECMA-262's whitespace
/// set (which includes U+FEFF), as JSON Schema expects.
public final class ECMARegex: Sendable {
    /// The built-in matcher, used whenever it can parse the pattern.
    private let program: RegexProgram?
    /// The platform engine: the fallback for syntax ``RegexProgram`` does not handle, and for
    /// inputs on which the built-in matcher runs out of steps. Immutable and thread-safe.
    private let expression: NSRegularExpression?
    /// The pattern as the schema wrote it.
    public let source: String

    /// Compiles `pattern`; throws when neither the built-in matcher nor the platform engine accepts it.
    public init(_ pattern: String) throws {
        source = pattern
        program = RegexProgram(pattern)
        let platform = try? NSRegularExpression(pattern: Self.translated(pattern), options: [])
        if program == nil && platform == nil {
            _ = try NSRegularExpression(pattern: Self.translated(pattern), options: [])
        }
        expression = platform
    }

    /// Whether the pattern matches anywhere in `text`; a text the pattern cannot be decided on
    /// in bounded time counts as not matching (see ``decide(_:)``).
    public func matches(_ text: String) -> Bool {
        decide(text) ?? false
    }

    /// Whether the pattern matches anywhere in `text`; `nil` when the built-in matcher ran out of
    /// steps. The platform engine is not tried then: it backtracks the same way with no limit, so
    /// a pattern like `(a+)+$` would hang the process on `"aaaa…!"`.
    func decide(_ text: String) -> Bool? {
        if let program {
            switch program.matches(text) {
            case .matched: return true
            case .notMatched: return false
            case .tooManySteps: return nil
            case .tooDeep: break
            }
        }
        guard let expression else { return false }
        let range = NSRange(location: 0, length: text.utf16.count)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// ECMA-262 `WhiteSpace` and `LineTerminator` characters, as the inside of a character class.
    private static let whitespace =
        "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

    /// Rewrites ECMA-262 shorthands whose ICU meaning differs.
    static func translated(_ pattern: String) -> String {
        var result = ""
        var insideClass = false
        var iterator = pattern.makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let escaped = iterator.next() else {
                    result.append(character)
                    break
                }
                switch (escaped, insideClass) {
                case ("d", false): result += "[0-9]"
                case ("D", false): result += "[^0-9]"
                case ("w", false): result += "[A-Za-z0-9_]"
                case ("W", false): result += "[^A-Za-z0-9_]"
                case ("s", false): result += "[" + Self.whitespace + "]"
                case ("S", false): result += "[^" + Self.whitespace + "]"
                case ("d", true): result += "0-9"
                case ("w", true): result += "A-Za-z0-9_"
                case ("s", true): result += Self.whitespace
                default:
                    result.append(character)
                    result.append(escaped)
                }
                continue
            }
            if character == "[" && !insideClass {
                insideClass = true
            } else if character == "]" && insideClass {
                insideClass = false
            }
            result.append(character)
        }
        return result
    }
}
