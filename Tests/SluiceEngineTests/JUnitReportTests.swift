import Foundation
import FoundationXML
import SluiceCore
import SluiceEngine
import Testing

/// The JUnit XML of `sluice test`, parsed back with libxml2: text that XML treats specially
/// survives the round trip, and the counts add up.
@Suite struct JUnitReportTests {
    static let location = SourceLocation(file: "pipelines/p.yaml", line: 7, column: 3)

    static func result(
        _ name: String, verdict: TestCaseResult.Verdict, failures: [AssertionFailure] = []
    ) -> TestCaseResult {
        TestCaseResult(
            pipeline: "p", name: name, location: location, runID: nil, verdict: verdict, failures: failures,
            runFailure: verdict == .runFailed ? RunFailure("step-failed", "step 'x' failed:\n\u{1}bad <input>") : nil,
            duration: .milliseconds(1500))
    }

    @Test func specialCharactersSurviveTheRoundTrip() throws {
        let failure = AssertionFailure(
            location: Self.location, check: "equals", subject: "output 'a & \"b\"'", expected: "\"<x>\"\n\tnext",
            actual: "\u{0}\u{1B}[31m")
        let report = JUnitReport(
            suites: [
                JUnitReport.Suite(
                    pipeline: "p<&>", file: "pipelines/p.yaml",
                    results: [
                        Self.result(
                            "quotes \"and\" 'apostrophes'\nand a newline", verdict: .failed, failures: [failure]),
                        Self.result("fine", verdict: .passed),
                        Self.result("broken", verdict: .runFailed),
                    ])
            ],
            startedAt: Date(timeIntervalSince1970: 0))
        let document = try XMLDocument(xmlString: report.xml, options: [])
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "tests")?.stringValue == "3")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        #expect(root.attribute(forName: "time")?.stringValue == "4.500")
        let suite = try #require(root.elements(forName: "testsuite").first)
        #expect(suite.attribute(forName: "name")?.stringValue == "p<&>")
        #expect(suite.attribute(forName: "timestamp")?.stringValue == "1970-01-01T00:00:00")
        let cases = suite.elements(forName: "testcase")
        #expect(cases.first?.attribute(forName: "name")?.stringValue == "quotes \"and\" 'apostrophes'\nand a newline")
        #expect(cases.first?.attribute(forName: "line")?.stringValue == "7")
        let failed = try #require(cases.first?.elements(forName: "failure").first)
        #expect(failed.attribute(forName: "message")?.stringValue == "equals on output 'a & \"b\"'")
        let text = try #require(failed.stringValue)
        #expect(text.contains("expected: \"<x>\"\n\tnext"))
        #expect(text.contains("actual:   \\u{0}\\u{1B}[31m"))
        let error = try #require(cases.last?.elements(forName: "error").first)
        #expect(error.attribute(forName: "type")?.stringValue == "step-failed")
        #expect(error.stringValue?.contains("\\u{1}bad <input>") == true)
    }
}
