#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The one rule for the files a project names (templates, prompts, schemas, includes): symbolic
/// links are resolved, and the file they lead to must lie inside the folder that holds it.
///
/// A pipeline is code (its `run:` steps run commands), so this is not a sandbox against a hostile
/// pipeline. It guards against mistakes and accidental leaks: a `templates/notes.md` that is a
/// link to `~/.ssh/id_rsa` or `/etc/passwd` would otherwise be sent to a model provider.
public enum ContainedPath {
    /// `path` (absolute) with every symbolic link and `.`/`..` resolved. When the file does not
    /// exist, its deepest existing ancestor is resolved and the remaining components appended.
    public static func resolvingSymlinks(_ path: String) -> String {
        var existing = path
        var missing: [Substring] = []
        while true {
            if let resolved = realPath(existing) {
                return missing.reversed().reduce(resolved) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            guard let slash = existing.lastIndex(of: "/"), existing != "/" else { return path }
            missing.append(existing[existing.index(after: slash)...])
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
    }

    /// Where `path` (absolute) really leads when that is outside `root` (absolute); `nil` when the
    /// resolved file is `root` itself or inside it.
    public static func escape(of path: String, from root: String) -> String? {
        let resolvedRoot = resolvingSymlinks(root)
        let resolved = resolvingSymlinks(path)
        let prefix = resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/"
        // Paths are bytes: compare code points, never canonical equivalence (`café` spelt two
        // ways names two different folders).
        let inside = resolved.hasSameCodePoints(as: resolvedRoot) || resolved.utf8.starts(with: prefix.utf8)
        return inside ? nil : resolved
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
