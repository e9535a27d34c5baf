/// Renders diagnostics as a compiler does: the headline, the source line with a caret, and the hint.
///
/// ```
/// pipelines/triage.yaml:12:5: error: unknown key 'promt' [unknown-key]
///    12 |     promt: hello
///       |     ^
///       = hint: did you mean 'prompt'?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Gives the full text of a file named in a location, or `nil` when it is not available.
    public typealias SourceProvider = @Sendable (_ file: String) -> String?

    private let sourceProvider: SourceProvider
    private let usesColor: Bool

    /// A renderer that shows source lines from `sourceProvider` and colours severities when `usesColor`.
    public init(usesColor: Bool = false, sourceProvider: @escaping SourceProvider = { _ in nil }) {
        self.usesColor = usesColor
        self.sourceProvider = sourceProvider
    }

    /// A renderer that shows source lines from the given texts, keyed by the file names used in locations.
    public init(usesColor: Bool = false, sources: [String: String]) {
        self.init(usesColor: usesColor) { sources[$0] }
    }

    /// One diagnostic, ending without a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = [colouredHeadline(diagnostic)]
        var gutterWidth = 0
        if let location = diagnostic.location, let sourceLine = line(location.line, of: location.file) {
            let number = String(location.line)
            gutterWidth = number.count + 1
            let (excerpt, caretOffset) = Self.excerpt(
                of: sourceLine.replacingTabs(),
                around: sourceLine.prefix(max(0, location.column - 1)).replacingTabs().count)
            lines.append(" \(number) | \(excerpt)")
            lines.append(
                String(repeating: " ", count: gutterWidth) + " | " + String(repeating: " ", count: caretOffset) + "^")
        }
        if let hint = diagnostic.hint {
            lines.append(String(repeating: " ", count: gutterWidth) + " = hint: " + hint)
        }
        return lines.joined(separator: "\n")
    }

    /// Several diagnostics, each followed by a newline, then a summary line when there is more than one.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var output = diagnostics.map { render($0) + "\n" }.joined()
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if diagnostics.count > 1 {
            output += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        }
        return output
    }

    /// The widest source excerpt shown, in characters; longer lines are cut around the column.
    public static let maximumExcerptWidth = 100

    /// `line` cut to at most ``maximumExcerptWidth`` characters around `column` (0-based), with `…`
    /// where text was cut, and the caret's offset in the cut text. A minified JSON file or a long
    /// YAML flow sequence would otherwise print thousands of characters for one error.
    static func excerpt(of line: String, around column: Int) -> (text: String, caret: Int) {
        let characters = Array(line)
        guard characters.count > maximumExcerptWidth else { return (line, column) }
        let half = maximumExcerptWidth / 2
        var start = max(0, min(column, characters.count) - half)
        let end = min(characters.count, start + maximumExcerptWidth)
        start = max(0, end - maximumExcerptWidth)
        let leading = start > 0 ? "…" : ""
        let trailing = end < characters.count ? "…" : ""
        return (leading + String(characters[start..<end]) + trailing, column - start + leading.count)
    }

    private func colouredHeadline(_ diagnostic: Diagnostic) -> String {
        guard usesColor else { return diagnostic.headline }
        let colour =
            switch diagnostic.severity {
            case .error: "\u{1B}[1;31m"
            case .warning: "\u{1B}[1;33m"
            case .note: "\u{1B}[1;36m"
            }
        let reset = "\u{1B}[0m"
        let prefix = diagnostic.location.map { "\u{1B}[1m\($0):\(reset) " } ?? ""
        return "\(prefix)\(colour)\(diagnostic.severity.rawValue):\(reset) \(diagnostic.message) [\(diagnostic.code)]"
    }

    private func line(_ number: Int, of file: String) -> String? {
        guard number >= 1, let text = sourceProvider(file) else { return nil }
        var current = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number { return String(line.hasSuffix("\r") ? line.dropLast() : line) }
            current += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// The text with each tab replaced by four spaces, so carets line up in any terminal.
    fileprivate func replacingTabs() -> String {
        String(self).split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
    }
}
