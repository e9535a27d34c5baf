import Foundation
import Testing

/// Locating fixtures and comparing against golden files.
enum Fixtures {
    /// `Tests/SluicePipelineTests/Fixtures`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    /// The repository root, which is itself a Sluice project holding the examples.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether goldens are rewritten instead of compared (`SLUICE_UPDATE_GOLDENS=1`).
    static let updatesGoldens = ProcessInfo.processInfo.environment["SLUICE_UPDATE_GOLDENS"] == "1"

    /// The names of `*.yaml` files in `folder`, without the extension, sorted.
    static func yamlNames(in folder: URL) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Expects `actual` to equal the golden file at `url` (or writes it when updating goldens).
    static func expectGolden(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if updatesGoldens {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(
            expected == actual, "golden \(url.lastPathComponent) differs; rerun with SLUICE_UPDATE_GOLDENS=1 to update",
            sourceLocation: sourceLocation)
    }
}
