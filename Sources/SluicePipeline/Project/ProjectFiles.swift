internal import Foundation
public import SluiceCore

/// Reads files inside a project once each and keeps their text, for loading and for rendering diagnostics.
///
/// Paths are relative to the project root, as diagnostics show them. Each file is read at most
/// once per command, so a template used by ten steps costs one read.
public struct ProjectFiles: Sendable {
    /// What reading a file gave.
    public enum Contents: Sendable {
        /// The file's text.
        case text(String)
        /// No such file.
        case missing
        /// The file exists but is not UTF-8 text.
        case notText(UTF8Text.Problem)
        /// The file is larger than Sluice reads.
        case tooLarge(Int)
        /// The file is a symbolic link (or lies in a linked folder) leading outside the project, to this path.
        case outsideProject(String)

        /// The diagnostic for a file that exists but cannot be used (not text, too large, outside the
        /// project), reported at `location`, or in the file itself for bytes that are not text.
        public func unreadable(_ path: String, at location: SourceLocation) -> Diagnostic? {
            switch self {
            case .notText(let problem):
                return problem.diagnostic(file: path)
            case .outsideProject(let target):
                return .error(
                    .pathOutsideProject,
                    "\(path) is a symbolic link to '\(target)', outside the project", at: location,
                    hint:
                        "copy the file into the project instead of linking to it; Sluice reads only files inside the project (see docs/pipeline-format.md, 'Files and the project')"
                )
            case .tooLarge(let size):
                return .error(
                    .fileTooLarge,
                    "\(path) is \(size) bytes; Sluice reads files up to \(YAMLDocumentParser.maximumFileSize) bytes",
                    at: location, hint: "split the file, or move large data into inputs")
            case .text, .missing:
                return nil
            }
        }
    }

    /// The project root, absolute.
    public let root: String
    private var cache: [String: Contents] = [:]

    /// Files under `root`.
    public init(root: String) {
        self.root = root
    }

    /// The absolute path of `relativePath`.
    public func absolutePath(_ relativePath: String) -> String {
        relativePath.hasPrefix("/") ? relativePath : root + "/" + relativePath
    }

    /// The contents of `relativePath`, read on first use.
    /// A relative path whose real location (symbolic links resolved) is outside the project root is not
    /// read: it is ``Contents/outsideProject(_:)``.
    public mutating func contents(of relativePath: String) -> Contents {
        if let cached = cache[relativePath] { return cached }
        let absolute = absolutePath(relativePath)
        if !relativePath.hasPrefix("/"), let target = ContainedPath.escape(of: absolute, from: root) {
            cache[relativePath] = .outsideProject(target)
            return .outsideProject(target)
        }
        let contents = Self.read(absolute)
        cache[relativePath] = contents
        return contents
    }

    /// The text of `relativePath` when it has been read and is text; what diagnostic renderers show.
    public func cachedText(of relativePath: String) -> String? {
        if case .text(let text) = cache[relativePath] { return text }
        return nil
    }

    /// Every text file read so far, keyed by relative path.
    public var texts: [String: String] {
        cache.compactMapValues { contents in
            if case .text(let text) = contents { return text }
            return nil
        }
    }

    /// A source provider for ``DiagnosticRenderer``: files already read come from memory; others
    /// (templates reached through includes, say) are read from disk only when a diagnostic shows them.
    /// Key-shaped text is redacted, so a source excerpt never prints an API key.
    public var diagnosticSources: DiagnosticRenderer.SourceProvider {
        let texts = texts
        let root = root
        return { path in
            if let text = texts[path] { return SecretScanner.redacting(text) }
            guard let data = FileManager.default.contents(atPath: path.hasPrefix("/") ? path : root + "/" + path),
                let text = String(validating: data, as: UTF8.self)
            else { return nil }
            return SecretScanner.redacting(text)
        }
    }

    /// Records `text` as the contents of `relativePath` without touching the disk (tests, stdin).
    public mutating func store(_ text: String, for relativePath: String) {
        cache[relativePath] = .text(text)
    }

    /// Whether `relativePath` is a directory.
    public func isDirectory(_ relativePath: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolutePath(relativePath), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// The regular files under the directory `relativePath`, recursively, as paths relative to that directory, sorted.
    public func files(under relativePath: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: absolutePath(relativePath)) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            if !isDirectory(relativePath + "/" + path) { result.append(path) }
        }
        return result.sorted()
    }

    private static func read(_ path: String) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else { return .missing }
        guard data.count <= YAMLDocumentParser.maximumFileSize else { return .tooLarge(data.count) }
        do throws(UTF8Text.Problem) {
            return .text(try UTF8Text.decode(data))
        } catch {
            return .notText(error)
        }
    }
}
