public import SluiceCore

/// A brace-less expression, as written in a pipeline's `when:`, `for_each:`, `outputs:` and `vars:`.
///
/// The syntax is what a template writes inside `{{ }}`: names, member access, operators,
/// tests and filters (`c.urgency == "high"`, `steps.classify.output | selectattr("ok")`).
public struct TemplateExpression: Sendable {
    let source: SourceText
    let node: ExpressionNode
    /// Every use of a variable in the expression, in reading order.
    public let references: [TemplateReference]

    /// Parses `text`, whose first character is at `origin`; the whole text must be one expression.
    public init(parsing text: String, origin: TemplateOrigin) throws(DiagnosticError) {
        let source = SourceText(text, origin: origin)
        let node = try TemplateParser.parseExpression(source)
        var collector = ReferenceCollector(source: source)
        collector.visit(node, bound: [])
        self.source = source
        self.node = node
        self.references = collector.references
    }

    /// The expression's value with `context` as its variables.
    ///
    /// An undefined result (a missing variable, member or key) is an error naming its path;
    /// use `| default(…)` or `is defined` in the expression to allow absence.
    public func evaluate(
        context: JSONObject, environment: TemplateEnvironment = .withoutIncludes
    )
        throws(DiagnosticError) -> JSONValue
    {
        let evaluator = TemplateEvaluator(context: context, environment: environment, source: source)
        return try evaluator.evaluate(node)
    }
}
