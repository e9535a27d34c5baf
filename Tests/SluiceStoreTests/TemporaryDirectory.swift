import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is dropped.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The default store location inside this directory, as a project would have it.
    var storeURL: URL { url.appendingPathComponent(".sluice").appendingPathComponent("sluice.db") }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
