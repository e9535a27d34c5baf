import Foundation
import SluiceCore
import SluicePipeline

/// Writing to the terminal: results on stdout, diagnostics on stderr, colour only on a TTY without NO_COLOR.
enum Terminal {
    /// Whether stderr gets colour.
    static var errorUsesColor: Bool { TerminalStyle.standardErrorUsesColor }

    /// Whether stdout gets colour.
    static var outputUsesColor: Bool { TerminalStyle.standardOutputUsesColor }

    /// Writes `text` to stderr.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `text` to stdout at once, unbuffered (live text must not wait for a newline).
    static func printOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Renders `diagnostics` to stderr, showing source lines from `files`.
    static func printDiagnostics(_ diagnostics: [Diagnostic], files: ProjectFiles?) {
        guard !diagnostics.isEmpty else { return }
        let renderer =
            if let files {
                DiagnosticRenderer(usesColor: errorUsesColor, sourceProvider: files.diagnosticSources)
            } else {
                DiagnosticRenderer(usesColor: errorUsesColor)
            }
        printError(renderer.render(diagnostics))
    }
}
