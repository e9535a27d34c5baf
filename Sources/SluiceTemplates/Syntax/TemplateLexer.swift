internal import SluiceCore

/// Splits template text into tokens: literal text, tag delimiters and expression tokens.
///
/// Whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`) is applied here, and
/// `{% raw %}` bodies come out as plain text, as in Jinja2's lexer.
struct TemplateLexer {
    private let source: SourceText
    private var position = 0
    private var tokens: [TemplateToken] = []

    init(source: SourceText) {
        self.source = source
    }

    private var scalars: [Unicode.Scalar] { source.scalars }

    // MARK: - Entry points

    /// The tokens of a whole template, ending with `.end`.
    static func tokenizeTemplate(_ source: SourceText) throws(DiagnosticError) -> [TemplateToken] {
        var lexer = TemplateLexer(source: source)
        try lexer.lexTemplate()
        lexer.tokens.append(TemplateToken(kind: .end, offset: source.scalars.count))
        return lexer.tokens
    }

    /// The tokens of a brace-less expression, ending with `.end`.
    static func tokenizeExpression(_ source: SourceText) throws(DiagnosticError) -> [TemplateToken] {
        var lexer = TemplateLexer(source: source)
        try lexer.lexExpression(until: nil, tagStart: 0)
        lexer.tokens.append(TemplateToken(kind: .end, offset: source.scalars.count))
        return lexer.tokens
    }

    // MARK: - Template text

    private enum TagKind {
        case variable, block, comment
    }

    private mutating func lexTemplate() throws(DiagnosticError) {
        var stripsLeadingWhitespace = false
        while position < scalars.count {
            let textStart = position
            guard let (tagStart, kind) = nextTagStart(from: position) else {
                emitText(
                    from: textStart, to: scalars.count, stripLeading: stripsLeadingWhitespace, stripTrailing: false)
                return
            }
            var afterOpen = tagStart + 2
            var stripsPrevious = false
            if afterOpen < scalars.count, scalars[afterOpen] == "-" {
                stripsPrevious = true
                afterOpen += 1
            } else if afterOpen < scalars.count, scalars[afterOpen] == "+" {
                afterOpen += 1
            }
            if kind == .block, let raw = try rawBlock(tagStart: tagStart, bodyStart: afterOpen) {
                emitText(
                    from: textStart, to: tagStart, stripLeading: stripsLeadingWhitespace, stripTrailing: stripsPrevious)
                emitText(
                    from: raw.contentStart, to: raw.contentEnd, stripLeading: raw.stripsContentStart,
                    stripTrailing: raw.stripsContentEnd)
                position = raw.end
                stripsLeadingWhitespace = raw.stripsFollowing
                continue
            }
            emitText(
                from: textStart, to: tagStart, stripLeading: stripsLeadingWhitespace, stripTrailing: stripsPrevious)
            position = afterOpen
            switch kind {
            case .comment:
                stripsLeadingWhitespace = try skipComment(tagStart: tagStart)
            case .variable:
                tokens.append(TemplateToken(kind: .variableBegin, offset: tagStart))
                stripsLeadingWhitespace = try lexExpression(until: .variable, tagStart: tagStart)
            case .block:
                tokens.append(TemplateToken(kind: .blockBegin, offset: tagStart))
                stripsLeadingWhitespace = try lexExpression(until: .block, tagStart: tagStart)
            }
        }
    }

    private func nextTagStart(from start: Int) -> (Int, TagKind)? {
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "{" {
                switch scalars[index + 1] {
                case "{": return (index, .variable)
                case "%": return (index, .block)
                case "#": return (index, .comment)
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    private mutating func emitText(from start: Int, to end: Int, stripLeading: Bool, stripTrailing: Bool) {
        var lower = start
        var upper = end
        if stripLeading {
            while lower < upper, scalars[lower].isPythonWhitespace { lower += 1 }
        }
        if stripTrailing {
            while upper > lower, scalars[upper - 1].isPythonWhitespace { upper -= 1 }
        }
        guard lower < upper else { return }
        tokens.append(TemplateToken(kind: .text(source.text(from: lower, to: upper)), offset: lower))
    }

    /// Skips a comment; returns whether it ended with `-#}`.
    private mutating func skipComment(tagStart: Int) throws(DiagnosticError) -> Bool {
        let contentStart = position
        var index = position
        while index + 1 < scalars.count {
            if scalars[index] == "#", scalars[index + 1] == "}" {
                position = index + 2
                return index > contentStart && scalars[index - 1] == "-"
            }
            index += 1
        }
        throw syntaxError(
            "the comment is never closed", at: tagStart, hint: "end the comment with '#}'",
            code: .templateUnclosedBlock)
    }

    private struct RawBlock {
        var contentStart: Int
        var contentEnd: Int
        var end: Int
        var stripsContentStart: Bool
        var stripsContentEnd: Bool
        var stripsFollowing: Bool
    }

    /// Recognises `{% raw %}` at `tagStart` and finds its `{% endraw %}`.
    private func rawBlock(tagStart: Int, bodyStart: Int) throws(DiagnosticError) -> RawBlock? {
        guard let (afterRaw, stripsContentStart) = matchTag(named: "raw", from: bodyStart) else { return nil }
        var index = afterRaw
        while let (candidate, _) = nextTagStart(from: index) {
            index = candidate + 2
            guard scalars[candidate + 1] == "%" else { continue }
            var nameStart = candidate + 2
            var stripsContentEnd = false
            if nameStart < scalars.count, scalars[nameStart] == "-" {
                stripsContentEnd = true
                nameStart += 1
            } else if nameStart < scalars.count, scalars[nameStart] == "+" {
                nameStart += 1
            }
            if let (end, stripsFollowing) = matchTag(named: "endraw", from: nameStart) {
                return RawBlock(
                    contentStart: afterRaw, contentEnd: candidate, end: end, stripsContentStart: stripsContentStart,
                    stripsContentEnd: stripsContentEnd, stripsFollowing: stripsFollowing)
            }
        }
        throw syntaxError(
            "the 'raw' block opened here is never closed", at: tagStart, hint: "end it with '{% endraw %}'",
            code: .templateUnclosedBlock)
    }

    /// Matches `\s*NAME\s*[-+]?%}` from `start`; returns the offset after it and whether it ended with `-%}`.
    private func matchTag(named name: String, from start: Int) -> (Int, Bool)? {
        var index = start
        while index < scalars.count, scalars[index].isPythonWhitespace { index += 1 }
        for scalar in name.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return nil }
            index += 1
        }
        while index < scalars.count, scalars[index].isPythonWhitespace { index += 1 }
        var strips = false
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" {
            strips = scalars[index] == "-"
            index += 1
        }
        guard index + 1 < scalars.count, scalars[index] == "%", scalars[index + 1] == "}" else { return nil }
        return (index + 2, strips)
    }

    // MARK: - Expressions

    private static let symbols: [(text: String, scalars: [Unicode.Scalar])] = [
        "**", "//", "==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{",
        "}", ",", ".", ":", "|",
    ].map { ($0, Array($0.unicodeScalars)) }

    /// Lexes expression tokens up to the end of the tag (or of the text); returns whether the tag ended with `-`.
    @discardableResult
    private mutating func lexExpression(until tag: TagKind?, tagStart: Int) throws(DiagnosticError) -> Bool {
        var openBrackets: [(Unicode.Scalar, Int)] = []
        while true {
            while position < scalars.count, scalars[position].isPythonWhitespace { position += 1 }
            guard position < scalars.count else {
                if let (bracket, offset) = openBrackets.last {
                    throw syntaxError(
                        "'\(bracket)' is never closed", at: offset, hint: "add the matching closing bracket",
                        code: .templateSyntax)
                }
                guard let tag else { return false }
                let (opening, closing) = tag == .variable ? ("{{", "}}") : ("{%", "%}")
                throw syntaxError(
                    "the '\(opening)' tag is never closed", at: tagStart, hint: "end it with '\(closing)'",
                    code: .templateSyntax)
            }
            if let tag, openBrackets.isEmpty, let (end, strips) = tagEnd(for: tag) {
                tokens.append(TemplateToken(kind: tag == .variable ? .variableEnd : .blockEnd, offset: position))
                position = end
                return strips
            }
            let scalar = scalars[position]
            let start = position
            if scalar.isIdentifierStart {
                while position < scalars.count, scalars[position].isIdentifierContinuation { position += 1 }
                tokens.append(TemplateToken(kind: .name(source.text(from: start, to: position)), offset: start))
            } else if scalar.isASCIIDigit {
                tokens.append(try lexNumber())
            } else if scalar == "'" || scalar == "\"" {
                tokens.append(try lexString())
            } else if let (symbol, symbolScalars) = Self.symbols.first(where: { matches($0.scalars, at: position) }) {
                position += symbolScalars.count
                switch symbol {
                case "(", "[", "{":
                    openBrackets.append((symbol.unicodeScalars.first ?? "(", start))
                case ")", "]", "}":
                    let expected: Unicode.Scalar = symbol == ")" ? "(" : symbol == "]" ? "[" : "{"
                    guard let (open, _) = openBrackets.last, open == expected else {
                        throw syntaxError(
                            "unexpected '\(symbol)'", at: start, hint: "remove it or add the opening bracket",
                            code: .templateSyntax)
                    }
                    openBrackets.removeLast()
                default:
                    break
                }
                tokens.append(TemplateToken(kind: .symbol(symbol), offset: start))
            } else {
                throw syntaxError(
                    "unexpected character '\(scalar)'", at: start, hint: nil, code: .templateSyntax)
            }
        }
    }

    private func matches(_ text: [Unicode.Scalar], at offset: Int) -> Bool {
        var index = offset
        for scalar in text {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    /// Whether a tag end starts at the current position; returns the offset after it and whether it strips.
    private func tagEnd(for tag: TagKind) -> (Int, Bool)? {
        guard position + 1 < scalars.count else { return nil }
        let first: Unicode.Scalar = tag == .variable ? "}" : "%"
        var index = position
        var strips = false
        if scalars[index] == "-" || (tag == .block && scalars[index] == "+") {
            strips = scalars[index] == "-"
            index += 1
        }
        guard index + 1 < scalars.count, scalars[index] == first, scalars[index + 1] == "}" else { return nil }
        return (index + 2, strips)
    }

    private mutating func lexNumber() throws(DiagnosticError) -> TemplateToken {
        let start = position
        if let prefixed = try lexPrefixedInteger() { return prefixed }
        if scalars[position] == "0", position + 1 < scalars.count, scalars[position + 1].isASCIIDigit {
            // Jinja2 lexes `007` as `0` followed by `07`, which the parser then refuses.
            position += 1
            return TemplateToken(kind: .integer(0), offset: start)
        }
        var digits = ""
        func readDigits(_ lexer: inout TemplateLexer, into text: inout String) {
            while lexer.position < lexer.scalars.count {
                let scalar = lexer.scalars[lexer.position]
                if scalar.isASCIIDigit {
                    text.unicodeScalars.append(scalar)
                } else if scalar == "_", lexer.position + 1 < lexer.scalars.count,
                    lexer.scalars[lexer.position + 1].isASCIIDigit
                {
                    // Digit separators, as Python allows: 1_000.
                } else {
                    break
                }
                lexer.position += 1
            }
        }
        readDigits(&self, into: &digits)
        var isFloat = false
        if position + 1 < scalars.count, scalars[position] == ".", scalars[position + 1].isASCIIDigit {
            isFloat = true
            digits += "."
            position += 1
            readDigits(&self, into: &digits)
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            var lookahead = position + 1
            var exponent = "e"
            if lookahead < scalars.count, scalars[lookahead] == "+" || scalars[lookahead] == "-" {
                exponent.unicodeScalars.append(scalars[lookahead])
                lookahead += 1
            }
            if lookahead < scalars.count, scalars[lookahead].isASCIIDigit {
                isFloat = true
                position = lookahead
                readDigits(&self, into: &exponent)
                digits += exponent
            }
        }
        if isFloat, let value = Double(digits) {
            return TemplateToken(kind: .float(value), offset: start)
        }
        if !isFloat, let value = Int(digits) {
            return TemplateToken(kind: .integer(value), offset: start)
        }
        throw syntaxError(
            "the number '\(digits)' is too large", at: start, hint: "integers must fit in 64 bits",
            code: .templateSyntax)
    }

    /// `0x1F`, `0o17`, `0b101` (with optional `_` between digits), as Jinja2 and Python write them.
    private mutating func lexPrefixedInteger() throws(DiagnosticError) -> TemplateToken? {
        guard scalars[position] == "0", position + 2 < scalars.count else { return nil }
        let radix: Int
        switch scalars[position + 1] {
        case "x", "X": radix = 16
        case "o", "O": radix = 8
        case "b", "B": radix = 2
        default: return nil
        }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && Int(String(scalar), radix: radix) != nil
        }
        var index = position + 2
        var digits = ""
        while index < scalars.count {
            if isDigit(scalars[index]) {
                digits.unicodeScalars.append(scalars[index])
            } else if scalars[index] == "_", index + 1 < scalars.count, isDigit(scalars[index + 1]) {
                // A separator between digits.
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        let start = position
        position = index
        guard let value = Int(digits, radix: radix) else {
            throw syntaxError(
                "the number is too large", at: start, hint: "integers must fit in 64 bits", code: .templateSyntax)
        }
        return TemplateToken(kind: .integer(value), offset: start)
    }

    private mutating func lexString() throws(DiagnosticError) -> TemplateToken {
        let start = position
        let quote = scalars[position]
        position += 1
        var value: [Unicode.Scalar] = []
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                position += 1
                return TemplateToken(kind: .string(TextOperations.string(value)), offset: start)
            }
            if scalar == "\\", position + 1 < scalars.count {
                position += 1
                value.append(contentsOf: escape())
                continue
            }
            value.append(scalar)
            position += 1
        }
        throw syntaxError(
            "the string is never closed", at: start, hint: "end it with \(quote == "'" ? "\"'\"" : "'\"'")",
            code: .templateSyntax)
    }

    /// Resolves the escape after a backslash as Python's `unicode_escape` does; unknown escapes stay as written.
    private mutating func escape() -> [Unicode.Scalar] {
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "n": return ["\n"]
        case "t": return ["\t"]
        case "r": return ["\r"]
        case "\\": return ["\\"]
        case "'": return ["'"]
        case "\"": return ["\""]
        case "a": return ["\u{07}"]
        case "b": return ["\u{08}"]
        case "f": return ["\u{0C}"]
        case "v": return ["\u{0B}"]
        case "0"..."7":
            var code = Int(scalar.value - 48)
            var count = 1
            while count < 3, position < scalars.count, ("0"..."7").contains(scalars[position]) {
                code = code * 8 + Int(scalars[position].value - 48)
                position += 1
                count += 1
            }
            return [Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}"]
        case "x", "u", "U":
            let width = scalar == "x" ? 2 : scalar == "u" ? 4 : 8
            guard position + width <= scalars.count else { return ["\\", scalar] }
            var hex = ""
            for index in position..<(position + width) { hex.unicodeScalars.append(scalars[index]) }
            guard let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else {
                return ["\\", scalar]
            }
            position += width
            return [decoded]
        case "\n":
            return []
        default:
            return ["\\", scalar]
        }
    }

    private func syntaxError(
        _ message: String, at offset: Int, hint: String?, code: DiagnosticCode
    )
        -> DiagnosticError
    {
        DiagnosticError(.error(code, message, at: source.location(at: offset), hint: hint))
    }
}

extension Unicode.Scalar {
    /// Whitespace as Python's `str.isspace` and `\s` see it.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20: true
        case 0..<0x80: false
        default: properties.isWhitespace
        }
    }

    var isASCIIDigit: Bool { ("0"..."9").contains(self) }

    var isIdentifierStart: Bool {
        self == "_" || ("a"..."z").contains(self) || ("A"..."Z").contains(self)
            || (value >= 0x80 && properties.isXIDStart)
    }

    var isIdentifierContinuation: Bool {
        isIdentifierStart || isASCIIDigit || (value >= 0x80 && properties.isXIDContinue)
    }
}
