public import SluiceCore

/// Where a template's text starts in a user's file, so diagnostics point at the right place.
///
/// A template read from its own file starts at line 1, column 1. A prompt written inline as a
/// YAML block scalar starts on a later line and every line after the first is indented: pass
/// the indentation YAML removed as `continuationIndent` and locations map back to the YAML file.
/// A prompt written as a quoted or plain YAML scalar is decoded (escapes, folded line breaks), so
/// its text and the file do not advance together: pass `anchors` and they decide every location.
public struct TemplateOrigin: Sendable, Hashable {
    /// A place in the text and the file place it comes from; later characters on the same text
    /// line advance from it column by column, until the next anchor.
    public struct Anchor: Sendable, Hashable {
        /// The 1-based line of the template text.
        public var textLine: Int
        /// The 1-based column of the template text.
        public var textColumn: Int
        /// Where that character is in the file.
        public var fileLine: Int
        /// The file column of that character.
        public var fileColumn: Int
        /// Whether later characters advance from here; when `false`, every position from here on
        /// is reported at the anchor itself (used where the text cannot be matched to the file).
        public var advances: Bool

        /// The text position `textLine`:`textColumn`, written at `fileLine`:`fileColumn` of the file.
        public init(textLine: Int, textColumn: Int, fileLine: Int, fileColumn: Int, advances: Bool = true) {
            self.textLine = textLine
            self.textColumn = textColumn
            self.fileLine = fileLine
            self.fileColumn = fileColumn
            self.advances = advances
        }
    }

    /// The file as the user should see it, relative to the project root when inside it.
    public var file: String
    /// The 1-based line of the file where the template's first line is.
    public var line: Int
    /// The 1-based column of the file where the template's first character is.
    public var column: Int
    /// The number of columns removed from the start of every later line (a block scalar's indentation).
    public var continuationIndent: Int
    /// Anchors in text order; when there are any, they alone map text positions to the file.
    public var anchors: [Anchor]

    /// An origin at `file`:`line`:`column`, with later lines shifted right by `continuationIndent`,
    /// or mapped by `anchors` when there are any.
    public init(
        file: String, line: Int = 1, column: Int = 1, continuationIndent: Int = 0, anchors: [Anchor] = []
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.continuationIndent = continuationIndent
        self.anchors = anchors
    }

    /// The file location of the character at 1-based `line` and `column` of the template text.
    public func location(line textLine: Int, column textColumn: Int) -> SourceLocation {
        if let anchor = anchor(line: textLine, column: textColumn) {
            let shift = anchor.advances && anchor.textLine == textLine ? textColumn - anchor.textColumn : 0
            return SourceLocation(file: file, line: anchor.fileLine, column: anchor.fileColumn + shift)
        }
        if textLine <= 1 {
            return SourceLocation(file: file, line: line, column: column + textColumn - 1)
        }
        return SourceLocation(file: file, line: line + textLine - 1, column: textColumn + continuationIndent)
    }

    /// The last anchor at or before `line`:`column`, when there are anchors.
    private func anchor(line textLine: Int, column textColumn: Int) -> Anchor? {
        guard let first = anchors.first else { return nil }
        var low = 0
        var high = anchors.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            let candidate = anchors[middle]
            if (candidate.textLine, candidate.textColumn) <= (textLine, textColumn) {
                low = middle
            } else {
                high = middle - 1
            }
        }
        let found = anchors[low]
        return (found.textLine, found.textColumn) <= (textLine, textColumn) ? found : first
    }
}
