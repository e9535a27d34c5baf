/// How ``JSONValue`` text is written: key order, layout, escaping and number style.
///
/// The presets cover what Sluice needs: ``compact`` for storage, ``pretty`` for people,
/// ``canonical`` (RFC 8785) for hashing, and ``python`` for Python `json.dumps` look-alikes.
public struct JSONFormatting: Sendable {
    /// The order in which object members are written.
    public enum KeyOrder: Sendable {
        /// The order the keys were inserted.
        case insertion
        /// Sorted by UTF-16 code units, as RFC 8785 requires.
        case utf16CodeUnits
        /// Sorted by Unicode scalar values, as Python's `sort_keys` does.
        case unicodeScalars
    }

    /// How fractional numbers are printed.
    public enum NumberStyle: Sendable {
        /// ECMAScript `Number.prototype.toString` (RFC 8785); a whole double prints without `.0`.
        case ecmaScript
        /// Python `repr(float)`; a whole double prints with `.0`, non-finite values as `Infinity`/`NaN`.
        case python
    }

    /// The order object members are written in.
    public var keyOrder: KeyOrder
    /// Spaces per nesting level; `nil` writes everything on one line.
    public var indent: Int?
    /// Written between array elements and object members (before any newline).
    public var itemSeparator: String
    /// Written between an object key and its value.
    public var keySeparator: String
    /// Whether characters outside ASCII are written as `\u` escapes.
    public var escapesNonASCII: Bool
    /// How fractional numbers are printed.
    public var numberStyle: NumberStyle

    /// A formatting with every option spelled out.
    public init(
        keyOrder: KeyOrder, indent: Int?, itemSeparator: String, keySeparator: String, escapesNonASCII: Bool,
        numberStyle: NumberStyle
    ) {
        self.keyOrder = keyOrder
        self.indent = indent
        self.itemSeparator = itemSeparator
        self.keySeparator = keySeparator
        self.escapesNonASCII = escapesNonASCII
        self.numberStyle = numberStyle
    }

    /// One line, insertion order, no spaces: what the store keeps.
    public static let compact = JSONFormatting(
        keyOrder: .insertion, indent: nil, itemSeparator: ",", keySeparator: ":", escapesNonASCII: false,
        numberStyle: .ecmaScript)

    /// Two-space indentation in insertion order: what people read.
    public static let pretty = JSONFormatting(
        keyOrder: .insertion, indent: 2, itemSeparator: ",", keySeparator: ": ", escapesNonASCII: false,
        numberStyle: .ecmaScript)

    /// RFC 8785 JSON Canonicalization Scheme: the text Sluice hashes for cache keys.
    public static let canonical = JSONFormatting(
        keyOrder: .utf16CodeUnits, indent: nil, itemSeparator: ",", keySeparator: ":", escapesNonASCII: false,
        numberStyle: .ecmaScript)

    /// Python's `json.dumps(value)` defaults: `, ` and `: ` separators, ASCII-only, Python floats.
    public static let python = JSONFormatting(
        keyOrder: .insertion, indent: nil, itemSeparator: ", ", keySeparator: ": ", escapesNonASCII: true,
        numberStyle: .python)
}

extension JSONValue {
    /// The value written as JSON text in the given formatting (``JSONFormatting/compact`` by default).
    public func formatted(_ formatting: JSONFormatting = .compact) -> String {
        var output = ""
        write(to: &output, formatting: formatting, level: 0)
        return output
    }

    /// The RFC 8785 canonical form, used wherever two values must hash alike when they are alike.
    public var canonicalText: String { formatted(.canonical) }

    private func write(to output: inout String, formatting: JSONFormatting, level: Int) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .integer(let value):
            output += String(value)
        case .double(let value):
            output += Self.numberText(value, style: formatting.numberStyle)
        case .string(let value):
            Self.writeString(value, to: &output, escapesNonASCII: formatting.escapesNonASCII)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += formatting.itemSeparator }
                Self.writeNewline(to: &output, formatting: formatting, level: level + 1)
                element.write(to: &output, formatting: formatting, level: level + 1)
            }
            Self.writeNewline(to: &output, formatting: formatting, level: level)
            output += "]"
        case .object(let object):
            guard !object.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, key) in Self.orderedKeys(of: object, order: formatting.keyOrder).enumerated() {
                if index > 0 { output += formatting.itemSeparator }
                Self.writeNewline(to: &output, formatting: formatting, level: level + 1)
                Self.writeString(key, to: &output, escapesNonASCII: formatting.escapesNonASCII)
                output += formatting.keySeparator
                object[key]?.write(to: &output, formatting: formatting, level: level + 1)
            }
            Self.writeNewline(to: &output, formatting: formatting, level: level)
            output += "}"
        }
    }

    private static func orderedKeys(of object: JSONObject, order: JSONFormatting.KeyOrder) -> [String] {
        switch order {
        case .insertion: object.keys
        case .utf16CodeUnits: object.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        case .unicodeScalars:
            object.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }
    }

    private static func writeNewline(to output: inout String, formatting: JSONFormatting, level: Int) {
        guard let indent = formatting.indent else { return }
        // A negative indent means none, as in Python's `json.dumps`; callers bound large ones.
        output += "\n" + String(repeating: " ", count: max(0, indent) * level)
    }

    private static func numberText(_ value: Double, style: JSONFormatting.NumberStyle) -> String {
        switch style {
        case .ecmaScript:
            return value.ecmaScriptDescription
        case .python:
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return value.pythonDescription
        }
    }

    /// Writes a quoted string with the escapes JSON requires, lowercase hex as Python and RFC 8785 use.
    ///
    /// Text that needs no escape is copied a run at a time rather than a scalar at a time: a 50 MB
    /// input is recorded as JSON, and appending it scalar by scalar took seconds.
    static func writeString(_ value: String, to output: inout String, escapesNonASCII: Bool) {
        output += "\""
        let scalars = value.unicodeScalars
        let bytes = value.utf8
        // Every escape starts at an ASCII byte or at the lead byte of a scalar, so both ends of a
        // copied run lie on scalar boundaries, whichever grapheme they fall inside.
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            let byte = bytes[index]
            let needsEscape =
                byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || (escapesNonASCII && byte >= 0x7F)
            guard needsEscape else {
                bytes.formIndex(after: &index)
                continue
            }
            output += Substring(scalars[runStart..<index])
            let scalar = scalars[index]
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                for unit in String(scalar).utf16 { output += unicodeEscape(unit) }
            }
            index = scalars.index(after: index)
            runStart = index
        }
        output += Substring(scalars[runStart..<index])
        output += "\""
    }

    private static func unicodeEscape(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
