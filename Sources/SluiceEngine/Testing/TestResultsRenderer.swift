import SluiceCore

/// `sluice test`'s readable list: one block per pipeline, one line per case, and for a failed
/// case each assertion that did not hold (where it is written, expected against actual) or why
/// the run failed, then a summary line.
public struct TestResultsRenderer: Sendable {
    /// Whether PASS and FAIL are coloured (a terminal without `NO_COLOR`).
    public var usesColor: Bool

    /// A renderer, coloured or not.
    public init(usesColor: Bool = false) {
        self.usesColor = usesColor
    }

    /// The block for one pipeline's results, ending with a newline.
    public func render(pipeline: String, results: [TestCaseResult]) -> String {
        var lines = [pipeline]
        for result in results {
            var line = "  \(label(result.verdict))  \(result.name)  (\(result.duration.readable))"
            if result.verdict != .passed, let runID = result.runID { line += "  sluice show \(runID)" }
            lines.append(line)
            for failure in result.failures {
                lines.append("        \(failure.headline)")
                lines.append("          expected: \(failure.expected)")
                lines.append("          actual:   \(failure.actual)")
            }
            if let runFailure = result.runFailure {
                lines += ("the run did not succeed: " + runFailure.description).split(separator: "\n").map {
                    "        \($0)"
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The closing line: `5 cases in 3 pipelines: 4 passed, 1 failed`.
    public func summary(_ results: [TestCaseResult]) -> String {
        let pipelines = Set(results.map(\.pipeline)).count
        let passed = results.filter { $0.verdict == .passed }.count
        let failed = results.count - passed
        return
            "\(count(results.count, "case")) in \(count(pipelines, "pipeline")): \(passed) passed, \(failed) failed\n"
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private func label(_ verdict: TestCaseResult.Verdict) -> String {
        let passed = verdict == .passed
        let text = passed ? "PASS" : "FAIL"
        return usesColor ? "\u{1B}[\(passed ? "32" : "31")m\(text)\u{1B}[0m" : text
    }
}
