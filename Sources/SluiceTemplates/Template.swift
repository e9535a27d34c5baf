public import SluiceCore

/// A parsed template: parse once, then render many times with different contexts.
///
/// Parsing checks the syntax, every filter and test name, and records the variables the
/// template uses (``references``) and the templates it includes (``includes``), so a pipeline
/// can be checked before anything runs. Rendering is strict: a missing variable, member or
/// key is an error naming its path and location, never an empty string.
public struct Template: Sendable {
    let source: SourceText
    let nodes: [TemplateNode]
    /// Where the template's text is in the user's files.
    public let origin: TemplateOrigin
    /// Every use of a variable the template does not define itself, in reading order.
    public let references: [TemplateReference]
    /// Every `{% include %}`, in reading order.
    public let includes: [TemplateInclude]

    /// Parses `text`, whose first character is at `origin`.
    ///
    /// Throws a ``DiagnosticError`` for a syntax error, an unclosed block, or an unknown tag,
    /// filter or test; the diagnostic's location points into the user's file.
    public init(parsing text: String, origin: TemplateOrigin) throws(DiagnosticError) {
        let source = SourceText(text, origin: origin)
        let nodes = try TemplateParser.parseTemplate(source)
        var collector = ReferenceCollector(source: source)
        var bound: Set<String> = []
        collector.visit(nodes, bound: &bound)
        self.source = source
        self.nodes = nodes
        self.origin = origin
        self.references = collector.references
        self.includes = collector.includes
    }

    /// Renders the template with `context` as its variables, resolving includes through `environment`.
    ///
    /// Safe to call from many tasks at once on the same template.
    public func render(
        context: JSONObject, environment: TemplateEnvironment = .withoutIncludes
    )
        throws(DiagnosticError) -> String
    {
        var evaluator = TemplateEvaluator(context: context, environment: environment, source: source)
        var output = ""
        output.reserveCapacity(source.scalars.count)
        try evaluator.render(nodes, into: &output)
        return output
    }
}
