import SluiceCore
import SluiceTemplates
import Testing

/// Bad input never crashes: every template either renders or fails with a diagnostic.
@Suite struct TemplateRobustnessTests {
    private static let fragments = [
        "{{", "}}", "{%", "%}", "{#", "#}", "-", "+", " ", "x", "items", "for", "in", "if", "endif", "endfor", "else",
        "elif", "set", "endset", "=", "'", "\"", "(", ")", "[", "]", "{", "}", "|", "upper", "default", "length",
        "batch(2)", "round(-20)", "is", "defined", ".", "0", "-1", "1.5", "1e308", ",", ":", "\n", "raw", "endraw",
        "loop", "index", "cycle", "include", "'a.md'", "not", "and", "or", "~", "*", "/", "//", "%", "**", "==", "<",
        "range", "9223372036854775807", "'é🎉'", "\\", "truncate(0)", "indent('>')", "[::-1]", "[-9:9:0]",
    ]

    private static let context: JSONObject = [
        "x": ["items": [1, "a", nil], "index": 3], "items": [1, 2.5, "b", ["k": "v"]],
    ]

    @Test func randomFragmentsNeverCrash() {
        var generator = SeededRandom(seed: 20_261_129)
        var rendered = 0
        var diagnosed = 0
        for _ in 0..<4_000 {
            let count = Int.random(in: 1...24, using: &generator)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined()
            do {
                let template = try Template(parsing: text, origin: TemplateOrigin(file: "fuzz.md"))
                _ = try template.render(context: Self.context)
                rendered += 1
            } catch {
                #expect(error.diagnostics.allSatisfy { $0.location != nil || $0.code == .templateIncludeNotFound })
                diagnosed += 1
            }
        }
        #expect(rendered + diagnosed == 4_000)
        #expect(rendered > 100)
    }

    @Test func deepNestingIsADiagnosticNotACrash() {
        let hostile = [
            "{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}",
            "{{ " + String(repeating: "1 + ", count: 10_000) + "1 }}",
            "{{ x" + String(repeating: " | upper", count: 5_000) + " }}",
            "{{ " + String(repeating: "not ", count: 10_000) + "x }}",
            "{{ " + String(repeating: "-", count: 10_000) + "1 }}",
            "{{ " + String(repeating: "[", count: 10_000) + " }}",
            String(repeating: "{% if true %}", count: 5_000) + "x" + String(repeating: "{% endif %}", count: 5_000),
            String(repeating: "{% for a in [1] %}", count: 5_000),
        ]
        for text in hostile {
            #expect(throws: DiagnosticError.self) {
                try Template(parsing: text, origin: TemplateOrigin(file: "deep.md")).render(context: [:])
            }
        }
    }

    @Test func theDeepestAllowedExpressionRendersInATask() async throws {
        let chain = "{{ " + String(repeating: "1 + ", count: 250) + "1 }}"
        let template = try Template(parsing: chain, origin: TemplateOrigin(file: "chain.md"))
        let output = try await Task.detached { try template.render(context: [:]) }.value
        #expect(output == "251")
    }

    @Test func hugeRepetitionsAreRefused() {
        #expect(throws: DiagnosticError.self) {
            try Template(parsing: "{{ 'ab' * 9000000000000 }}", origin: TemplateOrigin(file: "big.md")).render(
                context: [:])
        }
        #expect(throws: DiagnosticError.self) {
            try Template(parsing: "{{ range(9223372036854775807) }}", origin: TemplateOrigin(file: "big.md"))
                .render(context: [:])
        }
    }

    @Test func runawayLoopOutputStopsWithALocatedDiagnostic() throws {
        let text = "ok\n{% for i in range(1000000) %}{{ 'x' * 1000 }}{% endfor %}"
        let template = try Template(parsing: text, origin: TemplateOrigin(file: "runaway.md"))
        do {
            _ = try template.render(context: [:])
            Issue.record("a render producing a gigabyte of text must stop")
        } catch {
            #expect(error.diagnostics.first?.code == .templateRenderLimit)
            // Stopped at the output that would pass the limit, before its text is appended.
            #expect(error.diagnostics.first?.location?.line == 2)
            #expect(error.diagnostics.first?.message.contains("64 MiB") == true)
        }
    }

    @Test func aCancelledRenderStops() async throws {
        let template = try Template(
            parsing: "{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}",
            origin: TemplateOrigin(file: "endless.md"))
        let render = Task.detached { try template.render(context: [:]) }
        render.cancel()
        await #expect(throws: DiagnosticError.self) { try await render.value }
    }
}
