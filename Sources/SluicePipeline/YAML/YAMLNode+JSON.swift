public import SluiceCore

extension YAMLNode {
    /// The node as JSON, resolving plain scalars as YAML 1.2's core schema does.
    ///
    /// Plain `null`, `~` and empty scalars become `null`; `true`/`false` become booleans; decimal,
    /// `0x` and `0o` integers and decimal fractions (with `.inf` and `.nan`) become numbers; every
    /// other scalar, and every quoted or block scalar, stays a string.
    public var jsonValue: JSONValue {
        switch content {
        case .scalar(let text, let style):
            return style == .plain ? Self.resolvePlainScalar(text) : .string(text)
        case .sequence(let elements):
            return .array(elements.map(\.jsonValue))
        case .mapping(let entries):
            var object = JSONObject()
            for entry in entries { object[entry.key] = entry.value.jsonValue }
            return .object(object)
        }
    }

    private static func resolvePlainScalar(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        guard let first = text.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return .integer(value) }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return .integer(value) }
        let isDecimalInteger = text.utf8.enumerated().allSatisfy { index, byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (index == 0 && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")))
        }
        if isDecimalInteger, text.utf8.count > 1 || text.utf8.first.map({ $0 >= UInt8(ascii: "0") }) == true {
            if let value = Int(text) { return .integer(value) }
        }
        let isFraction = text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+")
        }
        if isFraction, text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Double(text)
        {
            return .double(value)
        }
        return .string(text)
    }
}
