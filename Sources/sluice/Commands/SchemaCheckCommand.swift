import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceSchema

/// `sluice schema check SCHEMA [INSTANCE...]`: validates JSON files (or stdin) against a schema.
struct SchemaCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate JSON files against a JSON Schema.",
        discussion: """
            Reads each INSTANCE (or standard input when none is given, or for '-') and validates it \
            against SCHEMA: draft 2020-12 by default, draft-07 when its $schema says so or it uses \
            draft-07-only forms (see docs/structured-output.md).

            Exit status: 0 when every instance is valid, 1 when any is invalid, 2 when the schema is \
            not a valid schema or a file cannot be read or parsed.
            """
    )

    @Argument(help: "The JSON Schema file.")
    var schema: String

    @Argument(help: "JSON files to validate; standard input when none is given.")
    var instances: [String] = []

    @Flag(help: "Print one JSON result object per instance, one per line.")
    var json = false

    @Flag(name: .customLong("format-assert"), help: "Treat 'format' as an assertion (date-time, email, uri, ...).")
    var formatAssert = false

    @Option(help: "The draft for a schema without $schema: 2020-12 or draft-07 (default: detect).")
    var draft: String?

    @Option(help: "The most errors reported per instance.")
    var maxErrors = 100

    /// The folder the schema's file `$ref`s must stay in: the project found from the current
    /// directory when the schema is inside it, else the schema's own folder (see `Schema(loadingFile:)`).
    private func referenceRoot() -> String? {
        let path = URL(fileURLWithPath: schema).standardizedFileURL.path
        guard
            let project = try? Project.locate(
                explicitRoot: nil, workingDirectory: FileManager.default.currentDirectoryPath),
            ContainedPath.escape(of: path, from: project.root) == nil
        else { return nil }
        return project.root
    }

    func run() throws {
        let usesColor = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        var chosenDraft: SchemaDraft?
        if let draft {
            guard let parsed = SchemaDraft(rawValue: draft) else {
                throw ValidationError("unknown draft '\(draft)'; use 2020-12 or draft-07")
            }
            chosenDraft = parsed
        }
        let compiled: Schema
        do {
            compiled = try Schema(loadingFile: schema, draft: chosenDraft, filesConfinedTo: referenceRoot())
        } catch {
            report(error.diagnostics, usesColor: usesColor)
            if json {
                print(
                    JSONValue.object([
                        "schema": .string(schema), "diagnostics": .array(error.diagnostics.map(\.jsonValue)),
                    ]).formatted())
            }
            throw ExitCode(ExitStatus.invalidInput)
        }
        if !compiled.warnings.isEmpty { report(compiled.warnings, usesColor: usesColor) }

        let options = ValidationOptions(assertsFormat: formatAssert, maximumErrors: max(1, maxErrors))
        var status = ExitStatus.success
        for path in instances.isEmpty ? ["-"] : instances {
            let name = path == "-" ? "<stdin>" : path
            let data =
                path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data else {
                let diagnostic = Diagnostic.error(
                    .unreadableInstance, "cannot read '\(path)'", at: nil,
                    hint: "check that the file exists and is readable")
                report([diagnostic], usesColor: usesColor)
                if json {
                    print(
                        JSONValue.object([
                            "instance": .string(name), "valid": false, "diagnostics": [diagnostic.jsonValue],
                        ]).formatted())
                }
                status = .invalidInput
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            let check = InstanceCheck(text: text, file: name, schema: compiled, options: options)
            if json {
                print(check.jsonValue.formatted())
            } else if check.isValid {
                print("\(name): valid")
            } else {
                let count = check.result?.errors.count ?? 0
                print(
                    "\(name): invalid"
                        + (check.result == nil ? " (not valid JSON)" : " (\(count) error\(count == 1 ? "" : "s"))"))
                let renderer = DiagnosticRenderer(usesColor: usesColor, sources: [name: text])
                print(renderer.render(check.diagnostics), terminator: "")
            }
            if check.result == nil {
                status = .invalidInput
            } else if !check.isValid && status == .success {
                status = .failure
            }
        }
        if status != .success { throw ExitCode(status) }
    }

    private func report(_ diagnostics: [Diagnostic], usesColor: Bool) {
        let renderer = DiagnosticRenderer(usesColor: usesColor) { file in
            FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }
        }
        FileHandle.standardError.write(Data(renderer.render(diagnostics).utf8))
    }
}
