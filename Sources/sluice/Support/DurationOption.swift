import ArgumentParser
import SluiceCore

/// A duration given on the command line, such as `run --timeout 10m` or `cache clear --older-than 7d`.
enum DurationOption {
    /// The duration `text` given to `option`; when it is not one, a diagnostic located at the option
    /// (`--timeout:1:1: error: duration '…' is too long`, as `-i name:1:8` locates an input) and exit 2.
    static func parse(_ text: String, option: String) throws(ExitCode) -> Duration {
        do throws(DiagnosticError) {
            return try DurationParser.parse(text, at: SourceLocation(file: option, line: 1, column: 1))
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
