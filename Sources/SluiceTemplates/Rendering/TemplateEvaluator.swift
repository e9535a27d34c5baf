internal import SluiceCore

/// Renders parsed template nodes and evaluates expressions against a context.
///
/// One evaluator serves one render call; it holds the variables set while rendering. The
/// parsed template is shared and never copied.
struct TemplateEvaluator {
    /// The JSON context the caller passed in.
    let context: JSONObject
    /// Resolves includes.
    let environment: TemplateEnvironment
    /// The text of the template being rendered now (an included template's while it renders).
    var source: SourceText
    /// Loop variables and `set` variables, innermost last.
    var locals: [(name: String, value: JSONValue)] = []
    /// Where each open scope (a loop body or an included template) starts in `locals`.
    var frameStarts: [Int] = [0]
    /// How many includes deep the render is.
    var includeDepth = 0
    /// Locals below this index hide their `loop` variable: as in Jinja2, an included template sees
    /// the including loop's variables but not its `loop` object.
    var loopHiddenBelow = 0
    /// The loops being rendered whose bodies use `loop`, innermost last.
    var loopStates: [LoopState] = []

    static let maximumIncludeDepth = 32
    /// Loop iterations one render may run, counted across every loop; nested loops multiply
    /// quickly, and a prompt that needs more than this is a mistake, not a prompt.
    static let maximumLoopIterations = 10_000_000
    /// Loop iterations run so far in this render.
    var loopIterations = 0

    init(context: JSONObject, environment: TemplateEnvironment, source: SourceText) {
        self.context = context
        self.environment = environment
        self.source = source
    }

    // MARK: - Errors

    func failure(_ failure: OperationFailure, at offset: Int) -> DiagnosticError {
        DiagnosticError(.error(failure.code, failure.message, at: source.location(at: offset), hint: failure.hint))
    }

    func failure(_ code: DiagnosticCode, _ message: String, at offset: Int, hint: String? = nil) -> DiagnosticError {
        DiagnosticError(.error(code, message, at: source.location(at: offset), hint: hint))
    }

    /// Runs a value operation, giving its failure the location of the expression at `offset`.
    func lift<Result>(
        at offset: Int, _ operation: () throws(OperationFailure) -> Result
    ) throws(DiagnosticError) -> Result {
        do throws(OperationFailure) {
            return try operation()
        } catch {
            throw failure(error, at: offset)
        }
    }

    // MARK: - Nodes

    mutating func render(_ nodes: [TemplateNode], into output: inout String) throws(DiagnosticError) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let expression):
                let value = try evaluate(expression)
                // Checked before the text is written, so a value built by sharing (a list holding
                // one large list many times) cannot grow the output past the limit.
                try lift(at: expression.offset) { () throws(OperationFailure) in
                    let bytes = RenderBudget.sum(output.utf8.count, RenderBudget.textSize(of: value))
                    try RenderBudget.checkText(bytes: bytes, building: "this output")
                }
                switch value {
                case .string(let text): output += text
                case let value: value.writePythonText(to: &output)
                }
            case .conditional(let branches, let otherwise):
                var rendered = false
                for branch in branches {
                    guard try evaluate(branch.condition).isTruthy else { continue }
                    try render(branch.body, into: &output)
                    rendered = true
                    break
                }
                if !rendered { try render(otherwise, into: &output) }
            case .loop(let loop):
                try renderLoop(loop, into: &output)
            case .assignment(let targets, let value, let offset):
                let assigned = try evaluate(value)
                try bind(targets, to: assigned, at: offset)
            case .memberAssignment(let target, let member, let value, let offset):
                let assigned = try evaluate(value)
                try assignMember(member, of: target, to: assigned, at: offset)
            case .capture(let target, let body):
                var captured = ""
                try render(body, into: &captured)
                assign(target, .string(captured))
            case .include(let name, let offset, let ignoresMissing):
                try renderInclude(name, at: offset, ignoresMissing: ignoresMissing, into: &output)
            }
        }
    }

    /// Sets a variable in the innermost scope.
    mutating func assign(_ name: String, _ value: JSONValue) {
        let frameStart = frameStarts.last ?? 0
        if let index = locals[frameStart...].lastIndex(where: { $0.name == name }) {
            locals[index].value = value
        } else {
            locals.append((name, value))
        }
    }

    /// `{% set ns.member = value %}`: updates the variable where it was defined, so a change made
    /// inside a loop or an included template is seen after it, as with Jinja2's `namespace()`.
    mutating func assignMember(
        _ member: String, of target: String, to value: JSONValue, at offset: Int
    )
        throws(DiagnosticError)
    {
        guard let index = locals.lastIndex(where: { $0.name == target }) else {
            throw failure(
                .templateUndefined, "'\(target)' is not a namespace set in this template", at: offset,
                hint: "create it first with '{% set \(target) = namespace() %}'")
        }
        guard case .object(var object) = locals[index].value else {
            throw failure(
                .templateTypeError, "cannot set '\(member)' on '\(target)', a \(locals[index].value.pythonTypeName)",
                at: offset, hint: "create a namespace with '{% set \(target) = namespace() %}'")
        }
        locals[index].value = .null  // so the member is set in place rather than in a copy
        object[member] = value
        locals[index].value = .object(object)
    }

    /// Assigns one target, or unpacks a list into several.
    mutating func bind(_ targets: [String], to value: JSONValue, at offset: Int) throws(DiagnosticError) {
        if targets.count == 1 {
            assign(targets[0], value)
            return
        }
        guard case .array(let items) = value else {
            throw failure(.type("cannot unpack a \(value.pythonTypeName) into \(targets.count) names"), at: offset)
        }
        guard items.count == targets.count else {
            throw failure(
                .value(
                    "cannot unpack \(items.count) value\(items.count == 1 ? "" : "s") into \(targets.count) names"),
                at: offset)
        }
        for (target, item) in zip(targets, items) { assign(target, item) }
    }

    private mutating func renderLoop(_ loop: LoopNode, into output: inout String) throws(DiagnosticError) {
        let iterable = try evaluate(loop.iterable)
        var items = try lift(at: loop.iterable.offset) { () throws(OperationFailure) in
            try PythonOperations.iterate(iterable)
        }
        let frameStart = locals.count
        frameStarts.append(frameStart)
        defer {
            locals.removeSubrange(frameStart...)
            frameStarts.removeLast()
        }
        if let filter = loop.filter {
            var kept: [JSONValue] = []
            for item in items {
                locals.removeSubrange(frameStart...)
                try bind(loop.targets, to: item, at: loop.offset)
                if try evaluate(filter).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if loop.usesLoopVariable {
            loopStates.append(LoopState(localsIndex: -1, index: 0, items: items))
        }
        defer { if loop.usesLoopVariable { loopStates.removeLast() } }
        for (index, item) in items.enumerated() {
            try countIteration(of: loop, output: output)
            locals.removeSubrange(frameStart...)
            try bind(loop.targets, to: item, at: loop.offset)
            if loop.usesLoopVariable {
                loopStates[loopStates.count - 1].index = index
                loopStates[loopStates.count - 1].localsIndex = locals.count
                locals.append(("loop", .null))
            }
            try render(loop.body, into: &output)
        }
        if items.isEmpty {
            locals.removeSubrange(frameStart...)
            try render(loop.otherwise, into: &output)
        }
    }

    /// Stops a render that runs away: too many iterations, too much text, or a cancelled task
    /// (a step timeout or Ctrl-C). Each check is a counter, a stored length or one atomic read.
    private mutating func countIteration(of loop: LoopNode, output: String) throws(DiagnosticError) {
        loopIterations += 1
        let hint = "render less: filter or slice the list (for example `items[:100]`) before looping"
        if loopIterations > Self.maximumLoopIterations {
            throw failure(
                .templateRenderLimit, "loops ran more than \(Self.maximumLoopIterations) iterations in one render",
                at: loop.offset, hint: hint)
        }
        if output.utf8.count > RenderBudget.maximumTextBytes {
            throw failure(
                .templateRenderLimit, "the rendered text grew past \(RenderBudget.maximumTextBytes / 1_048_576) MiB",
                at: loop.offset, hint: hint)
        }
        if Task.isCancelled {
            throw failure(.templateRenderLimit, "rendering was stopped (cancelled or timed out)", at: loop.offset)
        }
    }

    private mutating func renderInclude(
        _ name: String, at offset: Int, ignoresMissing: Bool, into output: inout String
    ) throws(DiagnosticError) {
        guard includeDepth < Self.maximumIncludeDepth else {
            throw failure(
                .templateIncludeDepth, "includes nest more than \(Self.maximumIncludeDepth) deep at '\(name)'",
                at: offset, hint: "a template probably includes itself, directly or through another template")
        }
        let location = source.location(at: offset)
        guard
            let template = try environment.loadTemplate(
                named: name, includedAt: location, ignoresMissing: ignoresMissing)
        else { return }
        let savedSource = source
        let savedLoopHiddenBelow = loopHiddenBelow
        source = template.source
        loopHiddenBelow = locals.count
        includeDepth += 1
        frameStarts.append(locals.count)
        let frameStart = locals.count
        defer {
            locals.removeSubrange(frameStart...)
            frameStarts.removeLast()
            includeDepth -= 1
            loopHiddenBelow = savedLoopHiddenBelow
            source = savedSource
        }
        try render(template.nodes, into: &output)
    }

    // MARK: - Variables

    func lookUp(_ name: String) -> JSONValue? {
        if name == "loop", let state = visibleLoopState { return .object(state.object) }
        for index in locals.indices.reversed() where locals[index].name == name {
            if index < loopHiddenBelow, name == "loop" { break }
            return locals[index].value
        }
        return context[name]
    }

    /// The innermost loop whose `loop` variable is visible here, if `loop` names one.
    var visibleLoopState: LoopState? {
        guard let state = loopStates.last, state.localsIndex >= loopHiddenBelow else { return nil }
        // A `set loop = …` or an inner scope could shadow the loop variable; only the latest binding counts.
        guard let latest = locals.lastIndex(where: { $0.name == "loop" }), latest == state.localsIndex else {
            return nil
        }
        return state
    }

    /// Every name visible now, for "did you mean" hints.
    var visibleNames: [String] {
        locals.map(\.name) + context.keys
    }
}

extension JSONValue {
    /// Appends Python's `str(value)` to `output`.
    func writePythonText(to output: inout String) {
        switch self {
        case .string(let text): output += text
        case .array, .object: writePythonRepresentation(to: &output)
        default: output += pythonString
        }
    }
}
