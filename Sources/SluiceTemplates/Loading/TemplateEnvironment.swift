internal import Foundation
public import SluiceCore
internal import Synchronization

/// Resolves `{% include %}` names to templates under one root directory, and caches them parsed.
///
/// Names are relative to the root (`partials/tone.md`). A name that is absolute, contains a
/// `..` component, or reaches outside the root through a symbolic link is refused with a
/// located diagnostic: templates cannot read arbitrary files. One environment can be shared by
/// any number of concurrent renders; each included file is read and parsed once.
public final class TemplateEnvironment: Sendable {
    /// The templates root on disk, or `nil` when includes are not available.
    public let rootDirectory: String?
    /// How the root is named in diagnostics, e.g. `templates`.
    public let displayRoot: String
    /// Parsed templates by normalised name; guarded by the mutex because renders run concurrently.
    private let cache = Mutex<[String: Template]>([:])

    /// An environment that includes templates from `rootDirectory`, naming them `displayRoot/NAME` in diagnostics.
    public init(rootDirectory: String, displayRoot: String? = nil) {
        self.rootDirectory = rootDirectory
        self.displayRoot = displayRoot ?? rootDirectory
    }

    private init() {
        rootDirectory = nil
        displayRoot = ""
    }

    /// An environment without a templates root: every include is an error.
    public static let withoutIncludes = TemplateEnvironment()

    /// The root to use for a template file outside a project: the nearest enclosing directory named
    /// `templates`, else the file's own directory.
    public static func enclosingRoot(forTemplateFile path: String) -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        var candidate = directory
        while candidate.path != "/" && !candidate.path.isEmpty {
            if candidate.lastPathComponent == "templates" { return candidate.path }
            candidate = candidate.deletingLastPathComponent()
        }
        return directory.path
    }

    /// The template called `name` under the root, parsed once and then served from the cache.
    ///
    /// `location`, when given, is where the name is written, for diagnostics.
    public func template(
        named name: String, includedAt location: SourceLocation? = nil
    ) throws(DiagnosticError)
        -> Template
    {
        guard let template = try loadTemplate(named: name, includedAt: location, ignoresMissing: false) else {
            throw DiagnosticError(
                .error(.templateIncludeNotFound, "template '\(name)' not found", at: location))
        }
        return template
    }

    /// The template called `name`, or `nil` when it is missing and `ignoresMissing`.
    func loadTemplate(
        named name: String, includedAt location: SourceLocation?, ignoresMissing: Bool
    )
        throws(DiagnosticError) -> Template?
    {
        guard let rootDirectory else {
            throw DiagnosticError(
                .error(
                    .templateIncludeNotFound, "cannot include '\(name)': no templates directory is configured",
                    at: location, hint: "includes are resolved under the project's templates/ directory"))
        }
        let normalized = try normalize(name, at: location)
        if let cached = cache.withLock({ $0[normalized] }) { return cached }
        let root = URL(fileURLWithPath: rootDirectory).standardizedFileURL
        let file = root.appendingPathComponent(normalized)
        if let target = ContainedPath.escape(of: file.path, from: root.path) {
            throw DiagnosticError(
                .error(
                    .templateIncludeOutsideRoot,
                    "'\(name)' leads outside the templates directory through a symbolic link, to '\(target)'",
                    at: location, hint: "copy the file into \(displayRoot)/ instead of linking to it"))
        }
        let resolvedFile = ContainedPath.resolvingSymlinks(file.path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolvedFile, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            if ignoresMissing { return nil }
            let siblings =
                (try? FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)) ?? []
            let suggestion = NameSuggestion.nearest(to: file.lastPathComponent, in: siblings)
            let hint = suggestion.map {
                "did you mean '\(displayName(replacingLastComponentOf: normalized, with: $0))'?"
            }
            throw DiagnosticError(
                .error(
                    .templateIncludeNotFound, "included template '\(name)' not found in \(displayRoot)/", at: location,
                    hint: hint ?? "include names are relative to \(displayRoot)/"))
        }
        let displayFile = displayRoot.isEmpty ? normalized : displayRoot + "/" + normalized
        guard let data = FileManager.default.contents(atPath: resolvedFile) else {
            throw DiagnosticError(
                .error(.templateIncludeNotFound, "included template '\(name)' cannot be read", at: location))
        }
        let text: String
        do throws(UTF8Text.Problem) {
            text = try UTF8Text.decode(data)
        } catch {
            throw DiagnosticError(error.diagnostic(file: displayFile))
        }
        let template = try Template(parsing: text, origin: TemplateOrigin(file: displayFile))
        cache.withLock { $0[normalized] = template }
        return template
    }

    private func displayName(replacingLastComponentOf name: String, with component: String) -> String {
        var parts = name.split(separator: "/").map(String.init)
        parts.removeLast()
        parts.append(component)
        return parts.joined(separator: "/")
    }

    /// The name with `.` components removed; refuses empty, absolute and `..` names.
    private func normalize(_ name: String, at location: SourceLocation?) throws(DiagnosticError) -> String {
        if name.hasPrefix("/") || name.hasPrefix("\\") || name.contains("\\") || name.contains(":") {
            throw DiagnosticError(
                .error(
                    .templateIncludeOutsideRoot, "include name '\(name)' must be a relative path", at: location,
                    hint: "write the path relative to \(displayRoot)/, with '/' between folders"))
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.contains("..") {
            throw DiagnosticError(
                .error(
                    .templateIncludeOutsideRoot, "include name '\(name)' must not contain '..'", at: location,
                    hint: "included templates must live inside \(displayRoot)/"))
        }
        guard !parts.isEmpty else {
            throw DiagnosticError(.error(.templateIncludeNotFound, "the include name is empty", at: location))
        }
        return parts.joined(separator: "/")
    }
}
