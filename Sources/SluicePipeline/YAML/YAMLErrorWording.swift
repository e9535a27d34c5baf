/// libyaml's error messages, said in Sluice's words.
///
/// libyaml reports a problem ("did not find expected key") and a context ("while parsing a block
/// mapping") in its own vocabulary, which names parser states rather than what a user wrote. The
/// common ones are rephrased here; the rest keep libyaml's problem text, with any C API name
/// (`yaml_…()`) removed.
enum YAMLErrorWording {
    /// The problem and its context as one sentence fragment, e.g. `expected a key at this
    /// indentation, in a mapping`.
    static func describe(problem: String, context: String?) -> String {
        let what = problems[problem] ?? withoutAPINames(problem)
        guard let context, let place = contexts[context], !place.isEmpty else { return what }
        return "\(what), \(place)"
    }

    private static let problems: [String: String] = [
        "did not find expected key": "expected a key at this indentation (a line is indented too little or too much)",
        "did not find expected '-' indicator": "expected a '- ' list item at this indentation",
        "did not find expected node content": "expected a value here",
        "could not find expected ':'": "expected ':' after a key",
        "mapping values are not allowed in this context":
            "a ': ' where no mapping can start; quote the text if it contains ': '",
        "mapping keys are not allowed in this context": "a key where a value was expected",
        "block sequence entries are not allowed in this context":
            "a '- ' list item where a value was expected on the same line",
        "found character that cannot start any token":
            "a character that cannot start a YAML value (a tab, '@' or '`'); quote the value",
        "found unexpected end of stream": "the file ends before a quote or bracket is closed",
        "found unexpected document indicator": "a '---' or '...' line inside a value",
        "found unknown escape character": "an unknown escape in a double-quoted string; write '\\\\' for a backslash",
        "found invalid Unicode character escape code": "an invalid \\u or \\U escape in a double-quoted string",
        "did not find expected ',' or ']'": "expected ',' or ']'",
        "did not find expected ',' or '}'": "expected ',' or '}'",
        "did not find expected comment or line break": "unexpected text after a value on the same line",
        "found a tab character that violates indentation": "a tab used for indentation; YAML indents with spaces",
        "found a tab character where an indentation space is expected":
            "a tab used for indentation; YAML indents with spaces",
        "found undefined tag handle": "an unknown '!' tag",
        "found unexpected ':'": "an unexpected ':'",
    ]

    private static let contexts: [String: String] = [
        "while parsing a block mapping": "in a mapping",
        "while parsing a block collection": "in a list or mapping",
        "while parsing a flow mapping": "in a { } mapping",
        "while parsing a flow sequence": "in a [ ] list",
        "while parsing a flow node": "in a [ ] or { } value",
        "while parsing a block node": "in a value",
        "while parsing a node": "in a value",
        "while scanning a simple key": "in a key",
        "while scanning a quoted scalar": "in a quoted string",
        "while scanning a plain scalar": "in a value",
        "while scanning a block scalar": "in a '|' or '>' block of text",
        "while scanning an anchor": "in an '&' anchor",
        "while scanning an alias": "in a '*' alias",
        "while scanning a tag": "in a '!' tag",
        "while scanning for the next token": "",
    ]

    /// `text` without C function names (`yaml_set_max_nest_level()`) and the parentheses around them.
    static func withoutAPINames(_ text: String) -> String {
        var words: [Substring] = []
        for word in text.split(separator: " ") where !word.contains("yaml_") {
            words.append(word)
        }
        var result = words.joined(separator: " ")
        while result.hasSuffix(",") || result.hasSuffix(")") || result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
