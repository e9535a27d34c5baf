/// Where each value of a JSON document starts in its text, keyed by JSON pointer.
///
/// Loaders that find a problem in a parsed document (a schema keyword of the wrong type, say) know
/// the problem's JSON pointer; this index turns that pointer into a 1-based line and column so the
/// diagnostic can point at the user's file. Build it from text that ``JSONValue/init(parsing:strict:)-(String,_)``
/// accepted; on malformed text it holds whatever it found before the first error.
public struct JSONSourceMap: Sendable {
    /// A 1-based line and column (in characters).
    public struct Position: Sendable, Hashable {
        /// The 1-based line.
        public var line: Int
        /// The 1-based column, counted in characters.
        public var column: Int

        /// A position at `line`:`column`.
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    private var positions: [CodePointKey: Position] = [:]

    /// Indexes every value in `text`.
    public init(text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.scanDocument()
        positions = scanner.positions
    }

    /// Where the value at `pointer` (for example `/properties/name/type`, or `""` for the root)
    /// starts; for a pointer that names no value, the nearest enclosing value that exists.
    public func position(of pointer: String) -> Position? {
        var current = pointer
        while true {
            if let found = positions[CodePointKey(current)] { return found }
            guard let slash = current.unicodeScalars.lastIndex(of: "/") else { return nil }
            current = String(current.unicodeScalars[..<slash])
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0
        var line = 1
        /// How far into the current line characters have been counted, and how many there were:
        /// columns are counted onward from the last value, so a long line costs one pass, not one per value.
        var countedOffset = 0
        var countedColumns = 0
        var positions: [CodePointKey: Position] = [:]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                offset = 3
                countedOffset = 3
            }
        }

        mutating func scanDocument() {
            skipWhitespace()
            _ = scanValue(pointer: "", depth: 0)
        }

        /// Records the position of the value starting here and moves past it; `false` on malformed text.
        private mutating func scanValue(pointer: String, depth: Int) -> Bool {
            guard offset < bytes.count, depth < 512 else { return false }
            countedColumns += String(decoding: bytes[countedOffset..<offset], as: UTF8.self).count
            countedOffset = offset
            positions[CodePointKey(pointer)] = Position(line: line, column: countedColumns + 1)
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                skipWhitespace()
                if consume(UInt8(ascii: "}")) { return true }
                while true {
                    skipWhitespace()
                    guard let key = scanString() else { return false }
                    skipWhitespace()
                    guard consume(UInt8(ascii: ":")) else { return false }
                    skipWhitespace()
                    guard scanValue(pointer: pointer + "/" + JSONPointerText.escape(key), depth: depth + 1) else {
                        return false
                    }
                    skipWhitespace()
                    if consume(UInt8(ascii: ",")) { continue }
                    return consume(UInt8(ascii: "}"))
                }
            case UInt8(ascii: "["):
                offset += 1
                skipWhitespace()
                if consume(UInt8(ascii: "]")) { return true }
                var index = 0
                while true {
                    skipWhitespace()
                    guard scanValue(pointer: pointer + "/" + String(index), depth: depth + 1) else { return false }
                    index += 1
                    skipWhitespace()
                    if consume(UInt8(ascii: ",")) { continue }
                    return consume(UInt8(ascii: "]"))
                }
            case UInt8(ascii: "\""):
                return scanString() != nil
            default:
                // A number or literal: everything up to the next delimiter.
                while offset < bytes.count {
                    switch bytes[offset] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return true
                    default: offset += 1
                    }
                }
                return true
            }
        }

        /// Moves past a string and returns its decoded text (escapes resolved through the JSON parser).
        private mutating func scanString() -> String? {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
            guard let (value, end) = JSONParser.parsePrefix(of: bytes, from: offset), case .string(let text) = value
            else { return nil }
            offset = end
            return text
        }

        private mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x0A:
                    offset += 1
                    line += 1
                    countedOffset = offset
                    countedColumns = 0
                case 0x20, 0x09, 0x0D: offset += 1
                default: return
                }
            }
        }

        private mutating func consume(_ byte: UInt8) -> Bool {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }
    }
}
