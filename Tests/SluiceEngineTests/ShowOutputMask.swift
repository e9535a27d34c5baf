import Foundation

/// Masks what changes from run to run in `sluice show` output, so it can be compared with goldens.
enum ShowOutputMask {
    /// `text` with the run id, timestamps and durations replaced by `<run>`, `<time>` and `<duration>`.
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
}
