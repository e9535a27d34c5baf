import Foundation
public import SluicePipeline

/// The `test-case` note `sluice test` leaves on each run it starts: it names the case in the
/// run's header (`sluice show`) and marks the run as a test run (`sluice runs --tests`).
public enum TestCaseNote {
    /// `test case 'NAME' (FILE:LINE:COLUMN), started by sluice test`.
    public static func message(for testCase: PipelineTestCase) -> String {
        "test case '\(testCase.name)' (\(testCase.location)), started by sluice test"
    }

    /// The case's name in a note `message(for:)` wrote; `nil` for any other text.
    public static func caseName(in message: String) -> String? {
        let prefix = "test case '"
        guard message.hasPrefix(prefix), let end = message.range(of: "' (", options: .backwards) else { return nil }
        let start = message.index(message.startIndex, offsetBy: prefix.count)
        return start <= end.lowerBound ? String(message[start..<end.lowerBound]) : nil
    }
}
