import SluiceCore
import SluiceTemplates
import Testing

/// Numbers from templates and inputs that size what a filter builds (widths, counts, bases) give
/// an answer or a located `template-render-limit`/argument diagnostic, never a trap or a huge allocation.
@Suite struct RenderBudgetTests {
    private func render(_ text: String, _ context: JSONObject = [:]) throws(DiagnosticError) -> String {
        try Template(parsing: text, origin: TemplateOrigin(file: "budget.md")).render(context: context)
    }

    private func failure(_ text: String, _ context: JSONObject = [:]) -> Diagnostic? {
        do {
            let output = try render(text, context)
            Issue.record("rendered \(output.utf8.count) bytes instead of failing")
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test(arguments: [
        "{{ 'abc' | indent(9223372036854775807) }}", "{{ 'a\\nb' | indent(1000000000) }}",
        "{{ 'abc' | center(9223372036854775807) }}", "{{ 'abc' | center(300000000) }}",
        "{{ 'x' | indent(inputs.w) }}", "{{ [1, 2, 3] | batch(9223372036854775807, fill_with=0) }}",
        "{{ [[1]] | tojson(indent=9223372036854775807) }}", "{{ [[1]] | json(indent=1000000000) }}",
        "{{ ('a' * 1000) | replace('a', 'b' * 100000) }}", "{{ (['a' * 40000000] * 2) | join }}",
        "{% set x = 'a' * 40000000 %}{{ x ~ x }}", "{% set x = 'a' * 40000000 %}{{ x + x }}",
        "{{ 'ab' * 9223372036854775807 }}", "{{ [1] * 2000000 }}", "{{ range(9223372036854775807) }}",
        "{% set x = ['a' * 1000000] * 100 %}{{ x }}",
    ])
    func oversizedResultsStopBeforeAllocating(template: String) {
        let diagnostic = failure(template, ["inputs": ["w": .integer(Int.max)]])
        #expect(diagnostic?.code == .templateRenderLimit, "\(String(describing: diagnostic))")
        #expect(diagnostic?.location?.file == "budget.md")
        #expect(diagnostic?.location?.line == 1)
    }

    @Test func truncateWithAHugeLengthKeepsTheText() throws {
        #expect(try render("{{ 'hello world' | truncate(9223372036854775807) }}") == "hello world")
        #expect(try render("{{ [1, 2] | truncate(9223372036854775807) }}") == "[1, 2]")
    }

    @Test func sizesWithinTheBudgetStillRender() throws {
        #expect(try render("{{ 'ab' | center(6) }}") == "  ab  ")
        #expect(try render("{{ 'a\nb' | indent(2) }}") == "a\n  b")
        #expect(try render("{{ 'aXa' | replace('a', 'bb') }}") == "bbXbb")
        #expect(try render("{{ 'abc' | replace('', '-') }}") == "-a-b-c-")
        #expect(try render("{{ 'abc' | replace('', '-', 2) }}") == "-a-bc")
        #expect(try render("{{ [1, 2, 3] | batch(2, fill_with=0) | list }}") == "[[1, 2], [3, 0]]")
        #expect(try render("{{ {'a': [1]} | tojson(indent=2) }}") == "{\n  \"a\": [\n    1\n  ]\n}")
        #expect(try render("{{ [1] | tojson(indent=-1) }}") == "[\n1\n]")
    }

    @Test(arguments: [
        ("'0x1f' | int(base=0)", "31"), ("'0o17' | int(base=0)", "15"), ("'0b101' | int(base=0)", "5"),
        ("'42' | int(base=0)", "42"), ("'-0x10' | int(base=0)", "-16"), ("'z' | int(base=36)", "35"),
        ("'ff' | int(base=16)", "255"), ("'0xff' | int(base=16)", "255"), ("'010' | int(base=0)", "10"),
        ("'--5' | int", "0"), ("'-9223372036854775808' | int", "-9223372036854775808"),
    ])
    func intReadsBasesAsPythonDoes(expression: String, expected: String) throws {
        #expect(try render("{{ \(expression) }}") == expected)
    }

    @Test(arguments: [1, 37, -1, 9_223_372_036_854_775_807])
    func intRefusesBasesOutsideTwoToThirtySix(base: Int) {
        let diagnostic = failure("{{ '12' | int(base=\(base)) }}")
        #expect(diagnostic?.code == .templateArgumentError)
        #expect(diagnostic?.message.contains("between 2 and 36, or 0") == true)
    }
}
