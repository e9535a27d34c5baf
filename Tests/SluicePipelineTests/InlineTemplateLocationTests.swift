import Foundation
import SluiceTestSupport
import Testing

/// A template or expression written as a plain or quoted YAML scalar is decoded (escapes, `''`,
/// folded lines) before it is parsed; `sluice validate` must still point at the place in the file.
@Suite struct InlineTemplateLocationTests {
    /// `sluice validate p` on a fresh project whose pipeline file is `pipeline`.
    private func validate(_ pipeline: String) throws -> SluiceBinary.Outcome {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-inline-\(UUID())")
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try "models:\n  fast: local/default\n".write(
            to: project.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        try pipeline.write(
            to: project.appendingPathComponent("pipelines/p.yaml"), atomically: true, encoding: .utf8)
        return try SluiceBinary.run(["validate", "--project", project.path, "p"], in: project)
    }

    /// The `line:column` of every template-syntax error `sluice validate` reports for `pipeline`.
    private func syntaxErrors(in pipeline: String) throws -> [String] {
        let outcome = try validate(pipeline)
        #expect(outcome.status == 2)
        return outcome.standardError.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("pipelines/p.yaml:"), line.contains("[template-syntax]") else { return nil }
            return line.split(separator: ":")[1...2].joined(separator: ":")
        }
    }

    @Test func anEscapedLineBreakInADoubleQuotedPromptKeepsTheErrorOnItsLine() throws {
        // Counting the decoded text from the opening quote used to put this on line 5, past the file's end.
        let errors = try syntaxErrors(in: "steps:\n  s:\n    model: fast\n    prompt: \"a\\nb {{ nope( }}\"\n")
        #expect(errors == ["4:28"])
    }

    @Test func escapesOfEveryLengthAreCountedInTheFile() throws {
        // \u00e9 is six characters written for one, \x41 four, \t, \" and \\ two; é is one character.
        let errors = try syntaxErrors(
            in: #"""
                steps:
                  one:
                    model: fast
                    prompt: "caf\u00e9 \x41\t\"q\" \\ é {{ nope( }}"
                  two:
                    model: fast
                    prompt: 'it''s ''x'' {{ nope( }}'

                """#)
        #expect(errors == ["4:50", "7:35"])
    }

    @Test func foldedQuotedAndPlainScalarsPointAtTheirContinuationLines() throws {
        // A line break folds to a space, a blank line to a line break, a trailing `\` joins lines,
        // and each continuation line's indentation is dropped.
        let errors = try syntaxErrors(
            in: #"""
                steps:
                  three:
                    model: fast
                    prompt: "first line
                      second \
                      third

                      fourth {{ nope( }}"
                  four:
                    model: fast
                    prompt: plain first
                      and second {{ nope( }}
                  five:
                    model: fast
                    prompt: "tab\
                      \ joined {{ nope( }}"

                """#)
        #expect(errors == ["8:23", "12:27", "16:25"])
    }

    @Test func aFoldedQuotedExpressionPointsAtItsOpenBracket() throws {
        let errors = try syntaxErrors(
            in: """
                steps:
                  s:
                    model: fast
                    prompt: x
                  t:
                    model: fast
                    when: "steps.s.text ==
                      'x' and steps.s.nope( == 1"
                    prompt: hi

                """)
        #expect(errors == ["8:27"])
    }

    @Test func aScalarTheMappingCannotFollowIsReportedAtItsStart() throws {
        // libyaml keeps a raw U+2028 line separator and drops the indentation after it; the
        // mapping does not model that, so the error is put at the opening quote, on the right line.
        let errors = try syntaxErrors(
            in: "steps:\n  s:\n    model: fast\n    prompt: \"one\u{2028}   two {{ nope( }}\"\n")
        #expect(errors == ["4:13"])
    }
}
