import Foundation
import SluiceCore
import SluiceTemplates
import SluiceTestSupport
import Testing

/// Golden files for diagnostics as users see them: headline, source line, caret and hint.
///
/// Run with `SLUICE_UPDATE_GOLDENS=1` to rewrite the files after an intended change, then review the diff.
@Suite struct TemplateDiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String = "templates/prompt.md"
        var text: String
        var context: JSONObject = [:]
        var origin: TemplateOrigin?
        /// The whole file, when the template is embedded in a larger file (an inline YAML prompt).
        var fileText: String?

        var testDescription: String { name }
    }

    static let fixtures = TestFixtures()

    static let cases: [Case] = [
        Case(
            name: "undefined-variable", text: "Hello {{ usre.name }}!\n", context: ["user": ["name": "Ada"]]),
        Case(
            name: "undefined-member",
            text: "Ticket:\n  {{ ticket.sumary | trim }}\n", context: ["ticket": ["summary": "Login fails"]]),
        Case(name: "undefined-index", text: "{{ items[3] }}\n", context: ["items": [1, 2]]),
        Case(name: "unclosed-for", text: "Items:\n{% for item in items %}\n- {{ item }}\n"),
        Case(name: "unclosed-if-inside-for", text: "{% for x in xs %}\n  {% if x %}\n{% endfor %}\n"),
        Case(name: "mismatched-end-tag", text: "{% if a %}\n{% endfor %}\n"),
        Case(name: "unknown-filter", text: "{{ name | captialize }}\n"),
        Case(name: "unknown-test", text: "{% if x is defind %}{% endif %}\n"),
        Case(name: "unknown-tag", text: "{% endfro %}\n"),
        Case(name: "unsupported-tag", text: "{% macro greet(name) %}Hi{% endmacro %}\n"),
        Case(name: "unclosed-string", text: "{{ 'unterminated }}\n"),
        Case(name: "unclosed-comment", text: "text {# note\nmore\n"),
        Case(name: "bad-expression", text: "{{ price * }}\n"),
        Case(name: "type-error", text: "Total: {{ count + ' items' }}\n", context: ["count": 3]),
        Case(name: "division-by-zero", text: "{{ total / count }}\n", context: ["total": 10, "count": 0]),
        Case(name: "include-outside-root", text: "{% include '../secrets.env' %}\n"),
        Case(name: "include-not-found", text: "{% include 'greting.md' %}\n"),
        Case(name: "undefined-in-include", text: "{% include 'partials/uses-missing.md' %}\n"),
        Case(
            name: "inline-yaml-prompt", file: "pipelines/triage.yaml",
            text: "Write a {{ inputs.tone }} reply\nto: {{ c.sumary }}\n",
            context: ["inputs": ["tone": "warm"], "c": ["summary": "x"]],
            origin: TemplateOrigin(file: "pipelines/triage.yaml", line: 4, column: 7, continuationIndent: 6),
            fileText:
                "steps:\n  reply:\n    prompt: |\n      Write a {{ inputs.tone }} reply\n      to: {{ c.sumary }}\n"),
    ]

    private static let environment = TemplateEnvironment(
        rootDirectory: fixtures.url("Corpus/templates").path, displayRoot: "templates")

    private func renderedDiagnostics(_ testCase: Case) throws -> String {
        let origin = testCase.origin ?? TemplateOrigin(file: testCase.file)
        let error = #expect(throws: DiagnosticError.self) {
            try Template(parsing: testCase.text, origin: origin).render(
                context: testCase.context, environment: Self.environment)
        }
        let sources = [testCase.file: testCase.fileText ?? testCase.text]
        let corpusTemplates = Self.fixtures.url("Corpus")
        let renderer = DiagnosticRenderer { file in
            sources[file]
                ?? FileManager.default.contents(atPath: corpusTemplates.appendingPathComponent(file).path).map {
                    String(decoding: $0, as: UTF8.self)
                }
        }
        return renderer.render(error?.diagnostics ?? [])
    }

    @Test(arguments: cases)
    func matchesGoldenFile(_ testCase: Case) throws {
        let rendered = try renderedDiagnostics(testCase)
        try Self.fixtures.expectGolden(rendered, matches: "Diagnostics/\(testCase.name).txt")
    }
}
