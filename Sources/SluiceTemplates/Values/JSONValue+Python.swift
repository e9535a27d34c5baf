internal import SluiceCore

/// How values print and compare in templates: as Python prints and compares the same values.
extension JSONValue {
    /// The Python type name, used in error messages: `str`, `int`, `float`, `bool`, `NoneType`, `list`, `dict`.
    var pythonTypeName: String {
        switch self {
        case .null: "NoneType"
        case .bool: "bool"
        case .integer: "int"
        case .double: "float"
        case .string: "str"
        case .array: "list"
        case .object: "dict"
        }
    }

    /// The text `{{ value }}` prints: Python's `str(value)`.
    var pythonString: String {
        switch self {
        case .string(let value): return value
        case .null: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .integer(let value): return String(value)
        case .double(let value): return value.pythonDescription
        case .array, .object:
            var output = ""
            writePythonRepresentation(to: &output)
            return output
        }
    }

    /// Python's `repr(value)`: strings quoted, containers as `['a', 1]` and `{'k': 'v'}`.
    var pythonRepresentation: String {
        var output = ""
        writePythonRepresentation(to: &output)
        return output
    }

    func writePythonRepresentation(to output: inout String) {
        switch self {
        case .string(let value):
            Self.writePythonQuoted(value, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                element.writePythonRepresentation(to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, member) in object.enumerated() {
                if index > 0 { output += ", " }
                Self.writePythonQuoted(member.key, to: &output)
                output += ": "
                member.value.writePythonRepresentation(to: &output)
            }
            output += "}"
        default:
            output += pythonString
        }
    }

    /// Writes a string as Python's `repr` does: single quotes unless the text holds `'` and no `"`.
    private static func writePythonQuoted(_ text: String, to output: inout String) {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        output.unicodeScalars.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case quote: output += "\\" + String(quote)
            default:
                if scalar.isPythonPrintable {
                    output.unicodeScalars.append(scalar)
                } else {
                    let (prefix, width) =
                        scalar.value <= 0xFF ? ("\\x", 2) : scalar.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8)
                    let digits = String(scalar.value, radix: 16)
                    output += prefix + String(repeating: "0", count: width - digits.count) + digits
                }
            }
        }
        output.unicodeScalars.append(quote)
    }
}

extension Unicode.Scalar {
    /// Python's `str.isprintable` for one character: what `repr` leaves unescaped.
    var isPythonPrintable: Bool {
        if value < 0x80 { return value >= 0x20 && value < 0x7F }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
