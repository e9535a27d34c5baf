public import Foundation
import SluiceCore

/// Test results as JUnit XML, the format CI systems (GitLab, Jenkins, GitHub test reporters)
/// read: `<testsuites>` holding one `<testsuite>` per pipeline and one `<testcase>` per case.
///
/// A case whose assertions did not hold has a `<failure>` (its `message` names the first failed
/// check; the text lists them all); a case whose run did not succeed has an `<error>`. Times are
/// in seconds. Text is escaped for XML 1.0, and characters XML 1.0 cannot carry at all (control
/// characters other than tab and newlines) are written as `\u{…}`.
public struct JUnitReport: Sendable {
    /// One pipeline's results and the file its cases are written in.
    public struct Suite: Sendable {
        /// The pipeline's name.
        public var pipeline: String
        /// The pipeline file, relative to the project root.
        public var file: String
        /// Its cases' results, in file order.
        public var results: [TestCaseResult]

        /// A suite with every field given.
        public init(pipeline: String, file: String, results: [TestCaseResult]) {
            self.pipeline = pipeline
            self.file = file
            self.results = results
        }
    }

    /// The suites, one per pipeline.
    public var suites: [Suite]
    /// When the session started, for each suite's `timestamp`.
    public var startedAt: Date

    /// A report of `suites`.
    public init(suites: [Suite], startedAt: Date) {
        self.suites = suites
        self.startedAt = startedAt
    }

    /// The report as an XML document.
    public var xml: String {
        let all = suites.flatMap(\.results)
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        lines.append(
            "<testsuites name=\"sluice test\" tests=\"\(all.count)\" failures=\"\(count(all, .failed))\""
                + " errors=\"\(count(all, .runFailed))\" time=\"\(seconds(all))\">")
        let timestamp = Self.timestamp(startedAt)
        for suite in suites {
            lines.append(
                "  <testsuite name=\(attribute(suite.pipeline)) tests=\"\(suite.results.count)\""
                    + " failures=\"\(count(suite.results, .failed))\" errors=\"\(count(suite.results, .runFailed))\""
                    + " skipped=\"0\" time=\"\(seconds(suite.results))\" timestamp=\"\(timestamp)\""
                    + " file=\(attribute(suite.file))>")
            for result in suite.results { lines += testCase(result, file: suite.file) }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func testCase(_ result: TestCaseResult, file: String) -> [String] {
        let opening =
            "    <testcase name=\(attribute(result.name)) classname=\(attribute(result.pipeline))"
            + " time=\"\(seconds([result]))\" file=\(attribute(file)) line=\"\(result.location.line)\""
        var body: [String] = []
        if let first = result.failures.first {
            let text = result.failures.map { failure in
                "\(failure.headline)\n  expected: \(failure.expected)\n  actual:   \(failure.actual)"
            }.joined(separator: "\n")
            let message =
                "\(first.check) on \(first.subject)"
                + (result.failures.count > 1 ? " (and \(result.failures.count - 1) more)" : "")
            body.append(
                "      <failure message=\(attribute(message)) type=\(attribute(first.check))>\(escaped(text))</failure>"
            )
        }
        if let failure = result.runFailure {
            body.append(
                "      <error message=\(attribute(failure.message)) type=\(attribute(failure.code.rawValue))>"
                    + "\(escaped(failure.description))</error>")
        }
        if let runID = result.runID {
            body.append("      <system-out>\(escaped("run \(runID): sluice show \(runID)"))</system-out>")
        }
        return [opening + ">"] + body + ["    </testcase>"]
    }

    private func count(_ results: [TestCaseResult], _ verdict: TestCaseResult.Verdict) -> Int {
        results.filter { $0.verdict == verdict }.count
    }

    private func seconds(_ results: [TestCaseResult]) -> String {
        String(format: "%.3f", results.reduce(0) { $0 + $1.duration.seconds })
    }

    private func attribute(_ text: String) -> String {
        "\"" + escaped(text, inAttribute: true) + "\""
    }

    /// `text` escaped for element content, or for a double-quoted attribute (where newlines and
    /// tabs are written as character references so a reader does not normalise them to spaces).
    func escaped(_ text: String, inAttribute: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where inAttribute: result += "&quot;"
            case "\n" where inAttribute: result += "&#10;"
            case "\r": result += "&#13;"
            case "\t" where inAttribute: result += "&#9;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                if Self.isAllowedInXML(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                }
            }
        }
        return result
    }

    /// XML 1.0's `Char` production, less tab, newline and carriage return (handled by the caller).
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        // UTC without a zone suffix: the form the Ant JUnit schema's `timestamp` pattern accepts.
        formatter.formatOptions = [.withFullDate, .withTime, .withDashSeparatorInDate, .withColonSeparatorInTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
