import Foundation

/// A generated Sluice project in a temporary folder, removed by ``remove()``.
struct ScratchProject: Sendable {
    /// The project's root.
    let root: URL

    /// Creates an empty project folder with `pipelines/`.
    init(_ label: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(label)-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
    }

    /// Writes `text` to `path` inside the project, creating folders on the way.
    func write(_ text: String, to path: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    /// Deletes the project and its store.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
