internal import Foundation

/// A log file that never grows past a limit: when it reaches `limit` bytes it is moved to
/// `NAME.1` (replacing the previous one) and a new file starts, so a pipeline's logs take at most
/// twice the limit on disk however long it is scheduled.
public enum BoundedLog {
    /// The default limit: 1 MiB per file, so at most 2 MiB per pipeline.
    public static let defaultLimit = 1 << 20

    /// Rotates the log at `path` when it has reached `limit` bytes, creating its folder when needed.
    public static func prepare(_ path: String, limit: Int = defaultLimit) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size >= limit else { return }
        try? FileManager.default.removeItem(atPath: path + ".1")
        try? FileManager.default.moveItem(atPath: path, toPath: path + ".1")
    }

    /// The log file of pipeline `name` in the project at `projectRoot`.
    public static func path(forPipeline name: String, projectRoot: String) -> String {
        projectRoot + "/.sluice/logs/" + name + ".log"
    }
}
