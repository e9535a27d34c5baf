import SluiceCore
import SluiceTemplates
import Testing

@Suite struct TemplateRenderingTests {
    private func render(_ text: String, _ context: JSONObject = [:]) throws -> String {
        try Template(parsing: text, origin: TemplateOrigin(file: "test.md")).render(context: context)
    }

    @Test func rendersVariablesAndLoops() throws {
        let output = try render(
            "{% for t in tickets %}{{ loop.index }}. {{ t.title | upper }}\n{% endfor %}",
            ["tickets": [["title": "a"], ["title": "b"]]])
        #expect(output == "1. A\n2. B\n")
    }

    @Test func printsPythonValues() throws {
        #expect(try render("{{ [1, 'a', true, none, 1.0, {'k': 'v'}] }}") == "[1, 'a', True, None, 1.0, {'k': 'v'}]")
        #expect(try render("{{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }}") == "3.5 3 -4 2")
    }

    @Test func missingVariableIsAnErrorWithLocation() throws {
        let error = #expect(throws: DiagnosticError.self) {
            try render("Hello\n  {{ user.nmae }}", ["user": ["name": "Ada"]])
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == .templateUndefined)
        #expect(diagnostic.location == SourceLocation(file: "test.md", line: 2, column: 11))
        #expect(diagnostic.message.contains("user.nmae"))
        #expect(diagnostic.hint?.contains("did you mean 'name'?") == true)
    }
}

/// The template language compares strings as Python does, by code points.
@Suite struct TemplateCodePointTests {
    private func render(_ text: String, _ context: JSONObject = [:]) throws -> String {
        try Template(parsing: text, origin: TemplateOrigin(file: "test.md")).render(context: context)
    }

    @Test func stringsThatDifferOnlyInCompositionStayApart() throws {
        let context: JSONObject = [
            "pre": "\u{E9}", "de": "e\u{301}", "both": .object(["\u{E9}": 1, "e\u{301}": 2]),
        ]
        #expect(try render("{{ pre == de }} {{ pre != de }} {{ both | length }}", context) == "False True 2")
        #expect(try render("{{ 'e' in de }} {{ 'e' in pre }} {{ de in both }}", context) == "True False True")
        #expect(try render("{{ [pre, de, pre] | unique | list | length }}", context) == "2")
        #expect(try render("{{ both[de] }}{{ both[pre] }}", context) == "21")
    }
}
