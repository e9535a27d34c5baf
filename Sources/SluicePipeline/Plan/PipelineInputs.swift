internal import Foundation
public import SluiceCore
internal import SluiceSchema

/// Turns command-line `-i name=value` assignments into a pipeline's checked `inputs` object.
///
/// A value is taken as JSON when the input's schema does not say `type: string` and the text
/// parses as JSON; otherwise it is the text itself. `@path` reads the value from a file (relative
/// to the working directory). Defaults fill inputs not given; every value is then validated
/// against its schema. All problems are reported together.
public enum PipelineInputs {
    /// The `inputs` object for `definition` from `assignments` (`name=value` strings).
    public static func resolve(
        _ assignments: [String], for definition: PipelineDefinition, workingDirectory: String
    ) throws(DiagnosticError) -> JSONObject {
        var diagnostics: [Diagnostic] = []
        var given: [String: JSONValue] = [:]
        // Inputs whose value was given but refused: already reported, so not "missing" as well.
        var refused: Set<String> = []
        let names = definition.inputs.map(\.name)
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                diagnostics.append(
                    .error(
                        .unknownInputArgument, "input '\(assignment)' has no value", at: nil,
                        hint: "write -i name=value"))
                continue
            }
            let name = String(assignment[..<equals])
            var text = String(assignment[assignment.index(after: equals)...])
            guard let input = definition.inputs.first(where: { $0.name == name }) else {
                diagnostics.append(
                    .error(
                        .unknownInputArgument, "pipeline '\(definition.name)' has no input '\(name)'", at: nil,
                        hint: NameSuggestion.hint(for: name, in: names)
                            ?? (names.isEmpty
                                ? "it declares no inputs" : "its inputs: \(names.joined(separator: ", "))")))
                continue
            }
            // Where the value's text came from, for locating problems in it.
            var source = "-i \(name)"
            if text.hasPrefix("@") {
                let path = String(text.dropFirst())
                let absolute = path.hasPrefix("/") ? path : workingDirectory + "/" + path
                guard let data = FileManager.default.contents(atPath: absolute) else {
                    diagnostics.append(
                        .error(
                            .invalidInput, "cannot read input '\(name)' from '\(path)'", at: nil,
                            hint: "check the path; '@' reads a UTF-8 file"))
                    refused.insert(name)
                    continue
                }
                do throws(UTF8Text.Problem) {
                    text = try UTF8Text.decode(data)
                } catch {
                    diagnostics.append(error.diagnostic(file: path))
                    refused.insert(name)
                    continue
                }
                source = path
            }
            let wantsString = input.schema.document["type"] == .string("string")
            guard !wantsString else {
                given[name] = .string(text)
                continue
            }
            do {
                given[name] = try JSONValue(parsing: text, strict: true)
            } catch  where error.kind == .syntax {
                // Not JSON: the text itself, as documented.
                given[name] = .string(text)
            } catch {
                // JSON that strict parsing refuses (a repeated key, a lone surrogate) is a mistake to
                // report, not text to pass on.
                diagnostics.append(
                    .error(
                        .invalidInput, "input '\(name)': \(error.message)",
                        at: SourceLocation(file: source, line: error.line, column: error.column),
                        hint: "fix the JSON, or declare the input 'type: string' to pass the text as it is"))
                refused.insert(name)
            }
        }
        var inputs = JSONObject()
        for input in definition.inputs {
            guard let value = given[input.name] ?? input.defaultValue else {
                if refused.contains(input.name) { continue }
                diagnostics.append(
                    .error(
                        .missingInput, "pipeline '\(definition.name)' needs input '\(input.name)'", at: nil,
                        hint: "pass -i \(input.name)=VALUE (JSON for lists and objects, @file to read a file)"))
                continue
            }
            let result = input.schema.validate(value)
            if !result.isValid {
                let problems = result.oneLineSummary()
                diagnostics.append(
                    .error(
                        .invalidInput, "input '\(input.name)' does not match its schema: \(problems)", at: nil,
                        hint: "see the schema declared at \(input.location)"))
                continue
            }
            inputs[input.name] = value
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
        return inputs
    }
}
