import Foundation
import SluiceCore
import SluicePipeline

/// Reads `--inputs FILE|-`: a JSON object whose members become `name=value` assignments.
enum InputsFile {
    /// The assignments from `path` (`-` for stdin); none when `path` is `nil`.
    ///
    /// A string member is passed as its text, anything else as its JSON, so both mean what they
    /// would on the command line; `-i` assignments given after them win.
    static func assignments(from path: String?) throws(DiagnosticError) -> [String] {
        guard let path else { return [] }
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else {
            throw DiagnosticError(
                .error(
                    .invalidInput, "cannot read inputs from '\(path)'", at: nil,
                    hint: "--inputs takes a UTF-8 JSON file, or '-' for stdin"))
        }
        let file = path == "-" ? "<stdin>" : path
        let text: String
        do throws(UTF8Text.Problem) {
            text = try UTF8Text.decode(data)
        } catch {
            throw DiagnosticError(error.diagnostic(file: file))
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, strict: true)
        } catch {
            throw DiagnosticError(
                .error(
                    .invalidInput, "the inputs are not valid JSON: \(error.message)",
                    at: SourceLocation(file: file, line: error.line, column: error.column),
                    hint: error.kind == .syntax
                        ? "write one JSON object, such as {\"tone\": \"formal\"}"
                        : "remove or rename the repeated key, or fix the escape"))
        }
        guard case .object(let object) = value else {
            throw DiagnosticError(
                .error(
                    .invalidInput, "the inputs in '\(path)' are \(value.typeName), not an object", at: nil,
                    hint: "write one JSON object mapping input names to values"))
        }
        return object.map { name, value in "\(name)=\(value.stringValue ?? value.formatted(.compact))" }
    }
}
