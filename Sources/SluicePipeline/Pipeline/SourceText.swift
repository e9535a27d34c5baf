public import SluiceCore
public import SluiceTemplates

/// Template or expression text taken from a file, with where its first character sits.
///
/// Inline text comes from a YAML scalar: `start` is its first character, and for `|` and `>`
/// blocks each later line starts at column `1 + continuationIndent`. Text read from a file under
/// `templates/` starts at `1:1` of that file with no indent. This is what the template parser's
/// origin needs to point its diagnostics into the user's file. Plain and quoted scalars are
/// decoded (escapes, folded lines), so `anchors` map their positions instead.
public struct SourceText: Sendable {
    /// The text itself.
    public var text: String
    /// Where the text's first character is.
    public var start: SourceLocation
    /// Columns of indentation stripped from each line after the first (block scalars).
    public var continuationIndent: Int
    /// Where decoded text lines up with the file again (plain and quoted scalars); empty otherwise.
    public var anchors: [TemplateOrigin.Anchor]
    /// The path under `templates/` when the text was read from a template file.
    public var templatePath: String?
    /// Where the value was written in the pipeline file (the scalar, or the path naming a template file).
    public var declaration: SourceLocation

    /// Text with every position given.
    public init(
        text: String, start: SourceLocation, continuationIndent: Int, anchors: [TemplateOrigin.Anchor] = [],
        templatePath: String? = nil, declaration: SourceLocation
    ) {
        self.text = text
        self.start = start
        self.continuationIndent = continuationIndent
        self.anchors = anchors
        self.templatePath = templatePath
        self.declaration = declaration
    }
}
