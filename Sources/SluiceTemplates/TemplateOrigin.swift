public import SluiceCore

/// Where a template's text starts in a user's file, so diagnostics point at the right place.
///
/// A template read from its own file starts at line 1, column 1. A prompt written inline as a
/// YAML block scalar starts on a later line and every line after the first is indented: pass
/// the indentation YAML removed as `continuationIndent` and locations map back to the YAML file.
public struct TemplateOrigin: Sendable, Hashable {
    /// The file as the user should see it, relative to the project root when inside it.
    public var file: String
    /// The 1-based line of the file where the template's first line is.
    public var line: Int
    /// The 1-based column of the file where the template's first character is.
    public var column: Int
    /// The number of columns removed from the start of every later line (a block scalar's indentation).
    public var continuationIndent: Int

    /// An origin at `file`:`line`:`column`, with later lines shifted right by `continuationIndent`.
    public init(file: String, line: Int = 1, column: Int = 1, continuationIndent: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
        self.continuationIndent = continuationIndent
    }

    /// The file location of the character at 1-based `line` and `column` of the template text.
    public func location(line textLine: Int, column textColumn: Int) -> SourceLocation {
        if textLine <= 1 {
            return SourceLocation(file: file, line: line, column: column + textColumn - 1)
        }
        return SourceLocation(file: file, line: line + textLine - 1, column: textColumn + continuationIndent)
    }
}
