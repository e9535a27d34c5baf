internal import SluiceCore

/// Turns tokens into template nodes and expressions, following Jinja2's grammar and precedence.
struct TemplateParser {
    private let source: SourceText
    private let tokens: [TemplateToken]
    private var index = 0
    /// The blocks opened and not yet closed, innermost last, for "never closed" diagnostics.
    private var openBlocks: [(name: String, offset: Int)] = [] {
        didSet { blocksTooDeep = openBlocks.count > Self.maximumNesting }
    }
    private var blocksTooDeep = false
    /// How deeply the expression being parsed nests.
    private var expressionDepth = 0
    /// Deeper nesting than this is refused, so a hostile template cannot exhaust the stack.
    private static let maximumNesting = 100
    /// Expression trees taller than this (long operator or filter chains) are refused for the same reason.
    private static let maximumExpressionDepth = 256

    private init(source: SourceText, tokens: [TemplateToken]) {
        self.source = source
        self.tokens = tokens
    }

    // MARK: - Entry points

    /// Parses a whole template.
    static func parseTemplate(_ source: SourceText) throws(DiagnosticError) -> [TemplateNode] {
        var parser = TemplateParser(source: source, tokens: try TemplateLexer.tokenizeTemplate(source))
        let (nodes, _) = try parser.parseBody(until: [])
        return nodes
    }

    /// Parses a brace-less expression that must span the whole text.
    static func parseExpression(_ source: SourceText) throws(DiagnosticError) -> ExpressionNode {
        if let start = source.scalars.firstIndex(where: { !$0.isPythonWhitespace }), start + 1 < source.scalars.count,
            source.scalars[start] == "{", source.scalars[start + 1] == "{" || source.scalars[start + 1] == "%"
        {
            throw DiagnosticError(
                .error(
                    .templateSyntax, "an expression field is written without '{{ }}' or '{% %}'",
                    at: source.location(at: start), hint: "write the expression alone, e.g. c.urgency == \"high\""))
        }
        var parser = TemplateParser(source: source, tokens: try TemplateLexer.tokenizeExpression(source))
        if case .end = parser.current.kind {
            throw parser.error("the expression is empty", at: parser.current.offset, hint: "write a value or a name")
        }
        let expression = try parser.parseExpression()
        guard case .end = parser.current.kind else {
            throw parser.error(
                "unexpected \(parser.current.describedForError) after the expression", at: parser.current.offset,
                hint: "an expression field holds one expression; join conditions with 'and' or 'or'")
        }
        return expression
    }

    // MARK: - Tokens

    private var current: TemplateToken { tokens[index] }

    private var next: TemplateToken { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let value) = current.kind { return value == symbol }
        return false
    }

    private func isName(_ name: String) -> Bool {
        if case .name(let value) = current.kind { return value == name }
        return false
    }

    private mutating func skipSymbol(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func skipName(_ name: String) -> Bool {
        guard isName(name) else { return false }
        advance()
        return true
    }

    private mutating func expectSymbol(_ symbol: String, context: String) throws(DiagnosticError) {
        guard skipSymbol(symbol) else {
            throw error(
                "expected '\(symbol)' \(context), found \(current.describedForError)", at: current.offset, hint: nil)
        }
    }

    private mutating func expectName(context: String) throws(DiagnosticError) -> (String, Int) {
        guard case .name(let name) = current.kind else {
            throw error("expected a name \(context), found \(current.describedForError)", at: current.offset, hint: nil)
        }
        let offset = current.offset
        advance()
        return (name, offset)
    }

    private mutating func expectBlockEnd(after tag: String) throws(DiagnosticError) {
        guard case .blockEnd = current.kind else {
            throw error(
                "expected '%}' to end the '\(tag)' tag, found \(current.describedForError)", at: current.offset,
                hint: nil)
        }
        advance()
    }

    private func error(
        _ message: String, at offset: Int, hint: String?, code: DiagnosticCode = .templateSyntax
    )
        -> DiagnosticError
    {
        DiagnosticError(.error(code, message, at: source.location(at: offset), hint: hint))
    }

    // MARK: - Template structure

    private static let closingTags: [String: String] = ["if": "endif", "for": "endfor", "set": "endset"]
    private static let innerTags: Set<String> = ["elif", "else", "endif", "endfor", "endset", "endraw"]
    private static let supportedTags = [
        "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "include", "raw",
    ]
    private static let unsupportedTags: Set<String> = [
        "macro", "endmacro", "call", "endcall", "filter", "endfilter", "extends", "block", "endblock", "import",
        "from", "with", "endwith", "autoescape", "endautoescape", "do", "break", "continue", "trans", "endtrans",
    ]

    /// Parses nodes until one of `endTags` opens a tag; returns the nodes and that tag's name (after it).
    private mutating func parseBody(until endTags: Set<String>) throws(DiagnosticError) -> ([TemplateNode], String) {
        var nodes: [TemplateNode] = []
        while true {
            switch current.kind {
            case .text(let text):
                nodes.append(.text(text))
                advance()
            case .variableBegin:
                advance()
                let expression = try parseExpression()
                guard case .variableEnd = current.kind else {
                    throw error(
                        "expected '}}' to end the expression, found \(current.describedForError)", at: current.offset,
                        hint: "write one expression per '{{ }}'")
                }
                advance()
                nodes.append(.output(expression))
            case .blockBegin:
                if blocksTooDeep {
                    throw error(
                        "blocks nest more than \(Self.maximumNesting) levels deep", at: current.offset,
                        hint: "move parts into included templates")
                }
                advance()
                let (tag, offset) = try expectName(context: "after '{%'")
                if endTags.contains(tag) { return (nodes, tag) }
                nodes.append(try parseStatement(tag, at: offset))
            case .end:
                if let (name, offset) = openBlocks.last {
                    let line = source.location(at: offset).line
                    throw error(
                        "the '\(name)' block opened on line \(line) is never closed", at: offset,
                        hint: "close it with '{% \(Self.closingTags[name] ?? "end" + name) %}'",
                        code: .templateUnclosedBlock)
                }
                return (nodes, "")
            default:
                throw error("unexpected \(current.describedForError)", at: current.offset, hint: nil)
            }
        }
    }

    private mutating func parseStatement(_ tag: String, at offset: Int) throws(DiagnosticError) -> TemplateNode {
        switch tag {
        case "if": return try parseIf(at: offset)
        case "for": return try parseFor(at: offset)
        case "set": return try parseSet(at: offset)
        case "include": return try parseInclude()
        default: break
        }
        if Self.innerTags.contains(tag) {
            if let (name, openOffset) = openBlocks.last {
                let line = source.location(at: openOffset).line
                let closing = Self.closingTags[name] ?? "end" + name
                throw error(
                    "'\(tag)' does not belong to the '\(name)' block opened on line \(line)", at: offset,
                    hint: "close the '\(name)' block with '{% \(closing) %}' first", code: .templateUnclosedBlock)
            }
            throw error(
                "'\(tag)' has no block to close or continue", at: offset,
                hint: "remove it, or open the block it belongs to", code: .templateUnclosedBlock)
        }
        if Self.unsupportedTags.contains(tag) {
            throw error(
                "the '\(tag)' tag is not supported", at: offset,
                hint: "see docs/templates.md for the supported tags: \(Self.supportedTags.joined(separator: ", "))",
                code: .templateUnknownTag)
        }
        throw error(
            "unknown tag '\(tag)'", at: offset,
            hint: NameSuggestion.hint(for: tag, in: Self.supportedTags)
                ?? "the supported tags are \(Self.supportedTags.joined(separator: ", "))",
            code: .templateUnknownTag)
    }

    private mutating func parseIf(at offset: Int) throws(DiagnosticError) -> TemplateNode {
        openBlocks.append(("if", offset))
        var branches: [(condition: ExpressionNode, body: [TemplateNode])] = []
        var condition = try parseExpression(allowsConditional: false)
        var otherwise: [TemplateNode] = []
        while true {
            try expectBlockEnd(after: "if")
            let (body, tag) = try parseBody(until: ["elif", "else", "endif"])
            branches.append((condition, body))
            if tag == "elif" {
                condition = try parseExpression(allowsConditional: false)
                continue
            }
            if tag == "else" {
                try expectBlockEnd(after: "else")
                (otherwise, _) = try parseBody(until: ["endif"])
            }
            try expectBlockEnd(after: "endif")
            break
        }
        openBlocks.removeLast()
        return .conditional(branches: branches, otherwise: otherwise)
    }

    private mutating func parseTargets(for tag: String) throws(DiagnosticError) -> [String] {
        var targets: [String] = []
        let parenthesized = skipSymbol("(")
        repeat {
            let (name, nameOffset) = try expectName(context: "as a '\(tag)' target")
            if ["true", "false", "none", "True", "False", "None", "loop"].contains(name) {
                throw error("cannot assign to '\(name)'", at: nameOffset, hint: "choose another variable name")
            }
            targets.append(name)
        } while skipSymbol(",")
        if parenthesized { try expectSymbol(")", context: "after the targets") }
        return targets
    }

    private mutating func parseFor(at offset: Int) throws(DiagnosticError) -> TemplateNode {
        openBlocks.append(("for", offset))
        let targets = try parseTargets(for: "for")
        guard skipName("in") else {
            throw error(
                "expected 'in' in the 'for' tag, found \(current.describedForError)", at: current.offset,
                hint: "write '{% for item in items %}'")
        }
        let iterable = try parseExpression(allowsConditional: false)
        var filter: ExpressionNode?
        if skipName("if") { filter = try parseExpression() }
        if isName("recursive") {
            throw error(
                "recursive loops are not supported", at: current.offset, hint: "see docs/templates.md",
                code: .templateUnknownTag)
        }
        try expectBlockEnd(after: "for")
        let (body, tag) = try parseBody(until: ["else", "endfor"])
        var otherwise: [TemplateNode] = []
        if tag == "else" {
            try expectBlockEnd(after: "else")
            (otherwise, _) = try parseBody(until: ["endfor"])
        }
        try expectBlockEnd(after: "endfor")
        openBlocks.removeLast()
        let usesLoop = body.contains { $0.mentions(name: "loop") } || (filter?.mentions(name: "loop") ?? false)
        return .loop(
            LoopNode(
                targets: targets, offset: offset, iterable: iterable, filter: filter, body: body,
                otherwise: otherwise, usesLoopVariable: usesLoop))
    }

    private mutating func parseSet(at offset: Int) throws(DiagnosticError) -> TemplateNode {
        if case .name(let target) = current.kind, case .symbol(".") = next.kind {
            advance()
            advance()
            let (member, _) = try expectName(context: "after '.' in the 'set' target")
            try expectSymbol("=", context: "after '\(target).\(member)'")
            let value = try parseExpression()
            try expectBlockEnd(after: "set")
            return .memberAssignment(target: target, member: member, value: value, offset: offset)
        }
        let targets = try parseTargets(for: "set")
        if skipSymbol("=") {
            let valueOffset = current.offset
            var value = try parseExpression()
            if isSymbol(",") {
                var items = [value]
                while skipSymbol(",") {
                    if case .blockEnd = current.kind { break }
                    items.append(try parseExpression())
                }
                value = ExpressionNode(kind: .list(items), offset: valueOffset)
            }
            try expectBlockEnd(after: "set")
            return .assignment(targets: targets, value: value, offset: offset)
        }
        guard targets.count == 1 else {
            throw error(
                "a '{% set %}' block assigns one variable", at: offset, hint: "write '{% set name %}…{% endset %}'")
        }
        try expectBlockEnd(after: "set")
        openBlocks.append(("set", offset))
        let (body, _) = try parseBody(until: ["endset"])
        try expectBlockEnd(after: "endset")
        openBlocks.removeLast()
        return .capture(target: targets[0], body: body)
    }

    private mutating func parseInclude() throws(DiagnosticError) -> TemplateNode {
        guard case .string(let name) = current.kind else {
            throw error(
                "'include' needs the template's name as a string literal, found \(current.describedForError)",
                at: current.offset,
                hint: "write '{% include \"partials/name.md\" %}'; names are checked before anything runs")
        }
        let offset = current.offset
        advance()
        var ignoresMissing = false
        if isName("ignore") {
            advance()
            guard skipName("missing") else {
                throw error("expected 'missing' after 'ignore'", at: current.offset, hint: nil)
            }
            ignoresMissing = true
        }
        if skipName("with") {
            guard skipName("context") else {
                throw error("expected 'context' after 'with'", at: current.offset, hint: nil)
            }
        } else if isName("without") {
            throw error(
                "'without context' is not supported", at: current.offset,
                hint: "included templates always see the including template's variables")
        }
        try expectBlockEnd(after: "include")
        return .include(name: name, offset: offset, ignoresMissing: ignoresMissing)
    }

    // MARK: - Expressions

    private mutating func parseExpression(allowsConditional: Bool = true) throws(DiagnosticError) -> ExpressionNode {
        try enterNesting()
        defer { expressionDepth -= 1 }
        let start = current.offset
        let expression = allowsConditional ? try parseConditional() : try parseOr()
        guard expression.depth <= Self.maximumExpressionDepth else {
            throw error(
                "the expression is too long: its operations nest more than \(Self.maximumExpressionDepth) deep",
                at: start, hint: "split it with '{% set %}'")
        }
        return expression
    }

    private mutating func enterNesting() throws(DiagnosticError) {
        expressionDepth += 1
        guard expressionDepth <= Self.maximumNesting else {
            throw error(
                "the expression nests more than \(Self.maximumNesting) levels deep", at: current.offset,
                hint: "split it with '{% set %}'")
        }
    }

    private mutating func parseConditional() throws(DiagnosticError) -> ExpressionNode {
        var expression = try parseOr()
        while isName("if") {
            advance()
            let condition = try parseOr()
            var otherwise: ExpressionNode?
            if skipName("else") { otherwise = try parseConditional() }
            expression = ExpressionNode(
                kind: .conditional(condition: condition, then: expression, otherwise: otherwise),
                offset: expression.offset)
        }
        return expression
    }

    private mutating func parseOr() throws(DiagnosticError) -> ExpressionNode {
        var left = try parseAnd()
        while skipName("or") {
            left = ExpressionNode(kind: .or(left, try parseAnd()), offset: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(DiagnosticError) -> ExpressionNode {
        var left = try parseNot()
        while skipName("and") {
            left = ExpressionNode(kind: .and(left, try parseNot()), offset: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(DiagnosticError) -> ExpressionNode {
        if isName("not") {
            let offset = current.offset
            advance()
            try enterNesting()
            defer { expressionDepth -= 1 }
            return ExpressionNode(kind: .not(try parseNot()), offset: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(DiagnosticError) -> ExpressionNode {
        let first = try parseAdditive()
        var operations: [(ExpressionNode.ComparisonOperator, ExpressionNode)] = []
        while true {
            var comparison: ExpressionNode.ComparisonOperator?
            if case .symbol(let symbol) = current.kind, let found = ExpressionNode.ComparisonOperator(rawValue: symbol),
                found != .contains, found != .notContains
            {
                comparison = found
                advance()
            } else if isName("in") {
                comparison = .contains
                advance()
            } else if isName("not"), case .name("in") = next.kind {
                comparison = .notContains
                advance()
                advance()
            }
            guard let comparison else { break }
            operations.append((comparison, try parseAdditive()))
        }
        if operations.isEmpty { return first }
        return ExpressionNode(kind: .comparison(first, operations), offset: first.offset)
    }

    private mutating func parseBinary(
        _ operators: [ExpressionNode.BinaryOperator],
        operand: (inout TemplateParser) throws(DiagnosticError) -> ExpressionNode
    ) throws(DiagnosticError) -> ExpressionNode {
        var left = try operand(&self)
        while case .symbol(let symbol) = current.kind, let found = ExpressionNode.BinaryOperator(rawValue: symbol),
            operators.contains(found)
        {
            // The node sits at its operator, so a failed operation points there.
            let operatorOffset = current.offset
            advance()
            let right = try operand(&self)
            left = ExpressionNode(kind: .binary(found, left, right), offset: operatorOffset)
        }
        return left
    }

    private mutating func parseAdditive() throws(DiagnosticError) -> ExpressionNode {
        try parseBinary([.add, .subtract]) { parser throws(DiagnosticError) in try parser.parseConcatenation() }
    }

    private mutating func parseConcatenation() throws(DiagnosticError) -> ExpressionNode {
        try parseBinary([.concatenate]) { parser throws(DiagnosticError) in try parser.parseMultiplicative() }
    }

    private mutating func parseMultiplicative() throws(DiagnosticError) -> ExpressionNode {
        try parseBinary([.multiply, .divide, .floorDivide, .remainder]) { parser throws(DiagnosticError) in
            try parser.parsePower()
        }
    }

    private mutating func parsePower() throws(DiagnosticError) -> ExpressionNode {
        try parseBinary([.power]) { parser throws(DiagnosticError) in try parser.parseUnary() }
    }

    private mutating func parseUnary(allowsFilters: Bool = true) throws(DiagnosticError) -> ExpressionNode {
        try enterNesting()
        defer { expressionDepth -= 1 }
        var node: ExpressionNode
        let offset = current.offset
        if skipSymbol("-") {
            node = ExpressionNode(kind: .negate(try parseUnary(allowsFilters: false)), offset: offset)
        } else if skipSymbol("+") {
            node = ExpressionNode(kind: .unaryPlus(try parseUnary(allowsFilters: false)), offset: offset)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if allowsFilters { node = try parseFiltersAndTests(node) }
        return node
    }

    private mutating func parsePrimary() throws(DiagnosticError) -> ExpressionNode {
        let offset = current.offset
        switch current.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return ExpressionNode(kind: .literal(.bool(true)), offset: offset)
            case "false", "False": return ExpressionNode(kind: .literal(.bool(false)), offset: offset)
            case "none", "None": return ExpressionNode(kind: .literal(.null), offset: offset)
            default: return ExpressionNode(kind: .name(name), offset: offset)
            }
        case .string(let first):
            var text = first
            advance()
            while case .string(let more) = current.kind {
                text += more
                advance()
            }
            return ExpressionNode(kind: .literal(.string(text)), offset: offset)
        case .integer(let value):
            advance()
            return ExpressionNode(kind: .literal(.integer(value)), offset: offset)
        case .float(let value):
            advance()
            return ExpressionNode(kind: .literal(.double(value)), offset: offset)
        case .symbol("("):
            advance()
            if skipSymbol(")") { return ExpressionNode(kind: .list([]), offset: offset) }
            let inner = try parseExpression()
            if isSymbol(",") {
                var items = [inner]
                while skipSymbol(",") {
                    if isSymbol(")") { break }
                    items.append(try parseExpression())
                }
                try expectSymbol(")", context: "to close the parenthesis")
                return ExpressionNode(kind: .list(items), offset: offset)
            }
            try expectSymbol(")", context: "to close the parenthesis")
            return inner
        case .symbol("["):
            advance()
            var items: [ExpressionNode] = []
            while !isSymbol("]") {
                items.append(try parseExpression())
                if !skipSymbol(",") { break }
            }
            try expectSymbol("]", context: "to close the list")
            return ExpressionNode(kind: .list(items), offset: offset)
        case .symbol("{"):
            advance()
            var pairs: [(key: ExpressionNode, value: ExpressionNode)] = []
            while !isSymbol("}") {
                let key = try parseExpression()
                try expectSymbol(":", context: "after a dictionary key")
                pairs.append((key, try parseExpression()))
                if !skipSymbol(",") { break }
            }
            try expectSymbol("}", context: "to close the dictionary")
            return ExpressionNode(kind: .dictionary(pairs), offset: offset)
        default:
            throw error(
                "expected an expression, found \(current.describedForError)", at: offset,
                hint: "write a value, a name, or a parenthesised expression")
        }
    }

    private mutating func parsePostfix(_ base: ExpressionNode) throws(DiagnosticError) -> ExpressionNode {
        var node = base
        while true {
            // Member and item nodes sit at their member name or bracket, so a missing one is pointed at.
            if skipSymbol(".") {
                switch current.kind {
                case .name(let name):
                    let offset = current.offset
                    advance()
                    node = ExpressionNode(kind: .attribute(node, name), offset: offset)
                case .integer(let value):
                    let offset = current.offset
                    advance()
                    let key = ExpressionNode(kind: .literal(.integer(value)), offset: offset)
                    node = ExpressionNode(kind: .item(node, key), offset: offset)
                default:
                    throw error(
                        "expected an attribute name after '.', found \(current.describedForError)",
                        at: current.offset, hint: nil)
                }
            } else if isSymbol("[") {
                let offset = current.offset
                advance()
                node = try parseSubscript(node, at: offset)
            } else if isSymbol("(") {
                node = ExpressionNode(kind: .call(node, try parseCallArguments()), offset: node.offset)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(
        _ base: ExpressionNode, at offset: Int
    ) throws(DiagnosticError)
        -> ExpressionNode
    {
        var start: ExpressionNode?
        if !isSymbol(":") {
            start = try parseExpression()
            if skipSymbol("]") {
                return ExpressionNode(kind: .item(base, start ?? base), offset: offset)
            }
        }
        try expectSymbol(":", context: "in the subscript")
        var stop: ExpressionNode?
        var step: ExpressionNode?
        if !isSymbol("]"), !isSymbol(":") { stop = try parseExpression() }
        if skipSymbol(":"), !isSymbol("]") { step = try parseExpression() }
        try expectSymbol("]", context: "to close the subscript")
        return ExpressionNode(kind: .slice(base, start: start, stop: stop, step: step), offset: offset)
    }

    private mutating func parseCallArguments() throws(DiagnosticError) -> CallArguments {
        try expectSymbol("(", context: "to start the arguments")
        var arguments = CallArguments()
        while !isSymbol(")") {
            if case .name(let name) = current.kind, case .symbol("=") = next.kind {
                let offset = current.offset
                advance()
                advance()
                if arguments.keyword.contains(where: { $0.name == name }) {
                    throw error("the argument '\(name)' is given twice", at: offset, hint: nil)
                }
                arguments.keyword.append((name, try parseExpression()))
            } else {
                if let first = arguments.keyword.first {
                    throw error(
                        "a positional argument follows the keyword argument '\(first.name)'", at: current.offset,
                        hint: "put positional arguments first")
                }
                arguments.positional.append(try parseExpression())
            }
            if !skipSymbol(",") { break }
        }
        try expectSymbol(")", context: "to close the arguments")
        return arguments
    }

    private mutating func parseFiltersAndTests(_ base: ExpressionNode) throws(DiagnosticError) -> ExpressionNode {
        var node = base
        while true {
            if skipSymbol("|") {
                let (name, offset) = try expectName(context: "after '|'")
                guard let filter = TemplateFilter(rawValue: name) else {
                    throw error(
                        "unknown filter '\(name)'", at: offset,
                        hint: NameSuggestion.hint(for: name, in: TemplateFilter.allCases.map(\.rawValue))
                            ?? "docs/templates.md lists the filters",
                        code: .templateUnknownFilter)
                }
                let arguments = isSymbol("(") ? try parseCallArguments() : .none
                node = ExpressionNode(kind: .filter(node, filter, arguments), offset: offset)
            } else if isName("is") {
                advance()
                let negated = skipName("not")
                let (name, offset) = try expectName(context: "after 'is'")
                guard let test = TemplateTest(named: name) else {
                    throw error(
                        "unknown test '\(name)'", at: offset,
                        hint: NameSuggestion.hint(for: name, in: TemplateTest.allNames)
                            ?? "docs/templates.md lists the tests",
                        code: .templateUnknownTest)
                }
                var arguments = CallArguments.none
                if isSymbol("(") {
                    arguments = try parseCallArguments()
                } else if startsTestArgument {
                    if isName("is") {
                        throw error(
                            "tests cannot be chained with 'is'", at: current.offset,
                            hint: "combine tests with 'and' or 'or': 'x is defined and x is string'")
                    }
                    arguments.positional = [try parsePostfix(try parsePrimary())]
                }
                node = ExpressionNode(kind: .test(node, test, arguments, negated: negated), offset: offset)
            } else if isSymbol("(") {
                node = ExpressionNode(kind: .call(node, try parseCallArguments()), offset: node.offset)
            } else {
                return node
            }
        }
    }

    /// Whether the current token starts the single unparenthesised argument of a test (`is divisibleby 3`).
    private var startsTestArgument: Bool {
        switch current.kind {
        // Jinja2 takes any name but these three as the argument, so `x is defined if c else y` is refused there too.
        case .name(let name): !["else", "or", "and"].contains(name)
        case .string, .integer, .float: true
        case .symbol(let symbol): symbol == "[" || symbol == "{"
        default: false
        }
    }
}
