public import Foundation
public import SluiceCore
public import Testing

/// A test target's fixtures: the `Fixtures` folder beside its sources, found from `#filePath`
/// rather than SwiftPM resources, and golden files compared against rendered text.
///
/// Create one with `TestFixtures()` from any file of a test target: the default argument is the
/// caller's path, from which the target folder (the one directly inside `Tests/`) is found.
/// Goldens are rewritten instead of compared when the environment sets
/// `SLUICE_UPDATE_GOLDENS=1`; review the diff before committing.
public struct TestFixtures: Sendable {
    /// The test target's folder, e.g. `Tests/SluicePipelineTests`.
    public let targetDirectory: URL

    /// The `Fixtures` folder inside the test target's folder.
    public var directory: URL { targetDirectory.appendingPathComponent("Fixtures") }

    /// The repository root (the folder holding `Tests/`).
    public var repositoryRoot: URL { targetDirectory.deletingLastPathComponent().deletingLastPathComponent() }

    /// The fixtures of the test target that `testFile` belongs to; leave `testFile` at its default.
    public init(testFile: String = #filePath) {
        var folder = URL(fileURLWithPath: testFile).deletingLastPathComponent()
        while folder.deletingLastPathComponent().lastPathComponent != "Tests", folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
        }
        if folder.pathComponents.count <= 1 {
            folder = URL(fileURLWithPath: testFile).deletingLastPathComponent()
        }
        targetDirectory = folder
    }

    /// The fixture at `relativePath` inside the `Fixtures` folder.
    public func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The UTF-8 text of the fixture at `relativePath`.
    public func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// The fixture at `relativePath` parsed as JSON.
    public func json(_ relativePath: String) throws -> JSONValue {
        try JSONValue(parsing: Array(Data(contentsOf: url(relativePath))))
    }

    /// The names of the files in `folder` ending in `.<fileExtension>`, without that ending,
    /// sorted; empty when the folder cannot be read.
    public static func names(in folder: URL, withExtension fileExtension: String) -> [String] {
        let suffix = "." + fileExtension
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    /// Whether goldens are rewritten instead of compared (`SLUICE_UPDATE_GOLDENS=1`).
    public static let updatesGoldens = ProcessInfo.processInfo.environment["SLUICE_UPDATE_GOLDENS"] == "1"

    /// Expects `actual` to equal the golden file at `url`; a missing golden is a failure. When
    /// updating goldens, writes `actual` there instead (creating folders) and checks nothing.
    public static func expectGolden(
        _ actual: String, at url: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
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

    /// Expects `actual` to equal the golden file at `relativePath` inside the `Fixtures` folder
    /// (see ``expectGolden(_:at:sourceLocation:)``).
    public func expectGolden(
        _ actual: String, matches relativePath: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        try Self.expectGolden(actual, at: url(relativePath), sourceLocation: sourceLocation)
    }
}
