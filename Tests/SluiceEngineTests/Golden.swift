import Foundation
import Testing

/// Golden files in `Fixtures/golden`; `SLUICE_UPDATE_GOLDENS=1` rewrites them.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")

    /// Replaces what changes from run to run: the run id, timestamps and durations.
    static func mask(_ text: String, runID: String) -> String {
        var masked = text.replacingOccurrences(of: runID, with: "<run>")
        let patterns = [
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"#, "<time>"),
            (#"\b\d+(\.\d+)?m?s\b"#, "<duration>"),
        ]
        for (pattern, replacement) in patterns {
            masked = masked.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return masked
    }

    static func check(_ actual: String, against name: String) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SLUICE_UPDATE_GOLDENS"] != nil {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try #require(
            try? String(contentsOf: url, encoding: .utf8), "missing golden \(name); run with SLUICE_UPDATE_GOLDENS=1")
        #expect(actual == expected, "golden \(name) differs")
    }
}
