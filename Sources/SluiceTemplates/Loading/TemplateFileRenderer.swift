internal import Foundation
public import SluiceCore

/// Renders a template file outside any pipeline, as `sluice render` does to preview a prompt.
///
/// Includes resolve under ``TemplateEnvironment/enclosingRoot(forTemplateFile:)``: the nearest
/// enclosing `templates/` directory, else the template's own directory. Every problem, from an
/// unreadable file to invalid JSON in the context, is a located ``DiagnosticError``.
public struct TemplateFileRenderer: Sendable {
    /// Where the render context comes from.
    public enum ContextSource: Sendable {
        /// No context: the template sees no variables.
        case empty
        /// A JSON file holding an object.
        case file(String)
        /// JSON text already read (from standard input, say), named `name` in diagnostics.
        case text(String, name: String)
    }

    /// The directory relative paths are resolved against and file names are shown relative to.
    public let currentDirectory: String

    /// A renderer resolving relative paths against `currentDirectory` (the process's when `nil`).
    public init(currentDirectory: String? = nil) {
        self.currentDirectory = currentDirectory ?? FileManager.default.currentDirectoryPath
    }

    /// Renders `templatePath` with the object in `context`.
    public func render(templatePath: String, context: ContextSource) throws(DiagnosticError) -> String {
        let contextObject = try loadContext(context)
        let templateText = try read(templatePath, code: .templateFileUnreadable, what: "template")
        let template = try Template(parsing: templateText, origin: TemplateOrigin(file: templatePath))
        let root = TemplateEnvironment.enclosingRoot(forTemplateFile: absolutePath(templatePath))
        let environment = TemplateEnvironment(rootDirectory: root, displayRoot: displayPath(root))
        return try template.render(context: contextObject, environment: environment)
    }

    /// The text of a file named as the user named it, or `nil` if it cannot be read; for diagnostic rendering.
    public func sourceText(of file: String) -> String? {
        FileManager.default.contents(atPath: absolutePath(file)).map { String(decoding: $0, as: UTF8.self) }
    }

    private func loadContext(_ source: ContextSource) throws(DiagnosticError) -> JSONObject {
        let text: String
        let name: String
        switch source {
        case .empty: return JSONObject()
        case .file(let path):
            text = try read(path, code: .templateContextInvalid, what: "context")
            name = path
        case .text(let given, let givenName):
            text = given
            name = givenName
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, strict: true)
        } catch {
            throw DiagnosticError(
                .error(
                    .templateContextInvalid, "the context is not valid JSON: \(error.message)",
                    at: SourceLocation(file: name, line: error.line, column: error.column),
                    hint: "the context must be one JSON object, such as {\"name\": \"Ada\"}"))
        }
        guard case .object(let object) = value else {
            throw DiagnosticError(
                .error(
                    .templateContextInvalid, "the context must be a JSON object, not \(value.typeName)",
                    at: SourceLocation(file: name, line: 1, column: 1),
                    hint: "wrap the value in an object and refer to it by its key, such as {\"items\": [...]}"))
        }
        return object
    }

    private func read(_ path: String, code: DiagnosticCode, what: String) throws(DiagnosticError) -> String {
        var isDirectory: ObjCBool = false
        let absolute = absolutePath(path)
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: absolute)
        else {
            throw DiagnosticError(
                .error(
                    code, "cannot read the \(what) file '\(path)'", at: nil,
                    hint: "check that the path exists and is a readable file"))
        }
        do throws(UTF8Text.Problem) {
            return try UTF8Text.decode(data)
        } catch {
            throw DiagnosticError(error.diagnostic(file: path))
        }
    }

    private func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path).path
    }

    /// `path` relative to the current directory when it is inside it, else as is.
    private func displayPath(_ path: String) -> String {
        let base = URL(fileURLWithPath: currentDirectory).standardizedFileURL.path
        if path == base { return "." }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
