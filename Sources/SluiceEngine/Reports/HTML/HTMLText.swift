/// Escaping for text placed in an HTML document.
///
/// Every piece of user text in a report (prompts, outputs, inputs, errors, step names) goes
/// through ``escape(_:)``, so a prompt holding `</script><img onerror=…>` shows as those
/// characters and never becomes markup.
enum HTMLText {
    /// `text` safe inside an element or a quoted attribute: `& < > " '` become character references.
    static func escape(_ text: String) -> String {
        replacing(text) { character in
            switch character {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }

    /// JSON text safe inside `<script type="application/json">`: `<`, `>` and `&` (which only
    /// occur inside JSON strings) become `\u003c`, `\u003e` and `\u0026`, so no `</script>` or
    /// `<!--` can end the block early; `JSON.parse` reads the same value back.
    static func scriptSafeJSON(_ json: String) -> String {
        replacing(json) { character in
            switch character {
            case "<": "\\u003c"
            case ">": "\\u003e"
            case "&": "\\u0026"
            case "\u{2028}": "\\u2028"
            case "\u{2029}": "\\u2029"
            default: nil
            }
        }
    }

    /// `text` with each scalar `replacement` gives a string for replaced by it.
    private static func replacing(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                result += replaced
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A fragment identifier for `name`: ASCII letters, digits, `-` and `_` kept, anything else
    /// as `.XX.` (its code point in hex), so two names never share an identifier.
    static func identifier(_ name: String) -> String {
        var identifier = ""
        for scalar in name.unicodeScalars {
            if scalar.properties.isASCIIHexDigit || ("g"..."z").contains(scalar) || ("G"..."Z").contains(scalar)
                || scalar == "-" || scalar == "_"
            {
                identifier.unicodeScalars.append(scalar)
            } else {
                identifier += "." + String(scalar.value, radix: 16) + "."
            }
        }
        return identifier
    }
}
