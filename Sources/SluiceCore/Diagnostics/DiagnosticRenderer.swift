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
        render(diagnostic, sources: SourceLines(provider: sourceProvider))
    }

    private func render(_ diagnostic: Diagnostic, sources: SourceLines) -> String {
        var lines = [colouredHeadline(diagnostic)]
        var gutterWidth = 0
        if let location = diagnostic.location,
            let (excerpt, caretOffset) = sources.excerpt(
                file: location.file, line: location.line, column: location.column)
        {
            let number = String(location.line)
            gutterWidth = number.count + 1
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
        // One cache for all of them: a hundred errors on one long line read and split it once.
        let sources = SourceLines(provider: sourceProvider)
        var output = diagnostics.map { render($0, sources: sources) + "\n" }.joined()
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if diagnostics.count > 1 {
            output += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        }
        return output
    }

    /// The widest source excerpt shown, in characters; longer lines are cut around the column.
    public static let maximumExcerptWidth = 100

    /// The characters of `line` (tabs not yet expanded) cut to at most ``maximumExcerptWidth``
    /// around `column` (0-based), with `…` where text was cut and tabs expanded, and the caret's
    /// offset in that text. A minified JSON file or a long YAML flow sequence would otherwise
    /// print thousands of characters for one error.
    static func excerpt(of line: [Character], around column: Int) -> (text: String, caret: Int) {
        let column = min(max(0, column), line.count)
        var start = 0
        var end = line.count
        if line.count > maximumExcerptWidth {
            start = max(0, column - maximumExcerptWidth / 2)
            end = min(line.count, start + maximumExcerptWidth)
            start = max(0, end - maximumExcerptWidth)
        }
        let leading = start > 0 ? "…" : ""
        let trailing = end < line.count ? "…" : ""
        let caret = leading.count + String(line[start..<column]).replacingTabs().count
        return (leading + String(line[start..<end]).replacingTabs() + trailing, caret)
    }

    /// The source lines diagnostics point into, each file read and split once, each long line
    /// broken into characters once. Lives for one `render` call; not shared between threads.
    private final class SourceLines {
        private let provider: SourceProvider
        private var files: [String: [Substring]?] = [:]
        private var characters: [String: [Int: [Character]]] = [:]

        init(provider: @escaping SourceProvider) {
            self.provider = provider
        }

        /// The excerpt of `line` in `file` around the 1-based `column`, or `nil` without the source.
        func excerpt(file: String, line number: Int, column: Int) -> (text: String, caret: Int)? {
            if files[file] == nil {
                files[file] = provider(file).map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
            }
            guard number >= 1, let lines = files[file] ?? nil, number <= lines.count else { return nil }
            if let cached = characters[file]?[number] {
                return DiagnosticRenderer.excerpt(of: cached, around: column - 1)
            }
            let raw = lines[number - 1]
            let line = Array(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            characters[file, default: [:]][number] = line
            return DiagnosticRenderer.excerpt(of: line, around: column - 1)
        }
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

}

extension StringProtocol {
    /// The text with each tab replaced by four spaces, so carets line up in any terminal.
    fileprivate func replacingTabs() -> String {
        String(self).split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
    }
}
