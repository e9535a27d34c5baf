/// A problem found while parsing JSON text, with the 1-based line and column where it was found.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in words a user can act on.
    public var message: String
    /// The 1-based line of the offending character.
    public var line: Int
    /// The 1-based column (in characters) of the offending character.
    public var column: Int
    /// Whether the text is malformed JSON, or well-formed JSON that strict parsing refuses.
    public var kind: Kind

    /// What kind of problem a parse error is.
    public enum Kind: Sendable, Equatable {
        /// The text is not JSON.
        case syntax
        /// Strict parsing: an object names the same key twice.
        case duplicateKey
        /// Strict parsing: a `\u` escape is half of a surrogate pair, which no character is.
        case loneSurrogate
    }

    /// A parse error at `line`:`column`.
    public init(message: String, line: Int, column: Int, kind: Kind = .syntax) {
        self.message = message
        self.line = line
        self.column = column
        self.kind = kind
    }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259), keeping object key order and the integer/fraction distinction.
    ///
    /// A repeated object key keeps its first position and last value, as Python's `json` does,
    /// and a lone surrogate escape (`\ud800`) becomes U+FFFD, unless `strict` is set: then both
    /// are errors (kinds ``JSONParseError/Kind/duplicateKey`` and ``JSONParseError/Kind/loneSurrogate``),
    /// located at the duplicate key or the escape. Files and inputs a user writes are parsed
    /// strictly; what a model answers is not. Numbers with a fraction or exponent, and integers
    /// too large for `Int`, become `.double`.
    public init(parsing text: String, strict: Bool = false) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(text.utf8), strict: strict)
        self = try parser.parseDocument()
    }

    /// Parses JSON from UTF-8 bytes; see ``init(parsing:strict:)``.
    public init(parsing bytes: [UInt8], strict: Bool = false) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes, strict: strict)
        self = try parser.parseDocument()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
struct JSONParser {
    private let bytes: [UInt8]
    private let strict: Bool
    private var position = 0
    private var depth = 0
    /// Nesting beyond this is refused so that hostile input cannot exhaust the stack.
    private static let maximumDepth = 512

    init(bytes: [UInt8], strict: Bool = false) {
        self.bytes = bytes
        self.strict = strict
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw error("unexpected text after the JSON value")
        }
        return value
    }

    /// Parses one value starting at the current position and returns the position after it,
    /// leaving trailing text alone. Output extraction uses this to find JSON inside prose.
    static func parsePrefix(of bytes: [UInt8], from start: Int) -> (value: JSONValue, end: Int)? {
        var parser = JSONParser(bytes: bytes)
        parser.position = start
        guard let value = try? parser.parseValue() else { return nil }
        return (value, parser.position)
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input; expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", value: .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", value: .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describeCurrent()); expected a value")
        }
    }

    private mutating func parseLiteral(_ word: String, value: JSONValue) throws(JSONParseError) -> JSONValue {
        let start = position
        for expected in word.utf8 {
            guard position < bytes.count, bytes[position] == expected else {
                // Point at the literal's first letter: that is where the typo starts for a reader.
                position = start
                throw error("invalid literal; expected '\(word)'")
            }
            position += 1
        }
        return value
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a string key in object, found \(describeCurrent())")
            }
            let keyStart = position
            let key = try parseString()
            if strict, object.contains(key: key) {
                position = keyStart
                throw error(
                    "duplicate key '\(key)' in object; a key may appear once", kind: .duplicateKey)
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else {
                throw error("expected ':' after object key, found \(describeCurrent())")
            }
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { break }
            throw error("expected ',' or '}' in object, found \(describeCurrent())")
        }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { break }
            throw error("expected ',' or ']' in array, found \(describeCurrent())")
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("JSON nests deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in string; escape it as \\u\(hex4(UInt16(byte)))") }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error("control character in string; escape it as \\u\(hex4(UInt16(byte)))")
            default:
                buffer.append(byte)
                position += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        guard position < bytes.count else { throw error("unterminated escape sequence") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let escapeStart = position - 2
            var scalar = UInt32(try parseHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate to form one scalar.
                if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                {
                    position += 2
                    let low = UInt32(try parseHex4())
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    try refuseLoneSurrogate(scalar, at: escapeStart)
                    scalar = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(scalar) {
                try refuseLoneSurrogate(scalar, at: escapeStart)
                scalar = 0xFFFD
            }
            let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            buffer.append(contentsOf: Array(String(Character(character)).utf8))
        default:
            position -= 1
            throw error("invalid escape '\\\(String(decoding: [escape], as: UTF8.self))' in string")
        }
    }

    /// In strict mode, a surrogate escape not paired with its other half is an error.
    private mutating func refuseLoneSurrogate(_ scalar: UInt32, at escapeStart: Int) throws(JSONParseError) {
        guard strict else { return }
        position = escapeStart
        throw error(
            "lone surrogate '\\u\(hex4(UInt16(scalar)))' in string: it is half of a UTF-16 pair and no character on its own",
            kind: .loneSurrogate)
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = hexDigitValue(bytes[position]) else {
                throw error("invalid \\u escape; expected four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var isInteger = true
        _ = consume(UInt8(ascii: "-"))
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number; expected a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error("invalid number; leading zeros are not allowed")
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number; expected a digit after '.'")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number; expected a digit in the exponent")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let integer = Int(text) { return .integer(integer) }
        guard let double = Double(text) else { throw error("invalid number '\(text)'") }
        return .double(double)
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(String(decoding: [byte], as: UTF8.self))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// An error at the current position, with the line and the column counted in characters.
    private func error(_ message: String, kind: JSONParseError.Kind = .syntax) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(position, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let prefix = bytes[lineStart..<min(position, bytes.count)]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return JSONParseError(message: message, line: line, column: column, kind: kind)
    }
}
