import SluiceCore
import SluiceTemplates
import Testing

/// Values built by sharing (a list holding one large list many times) cost little memory, but
/// what a filter builds from them can be huge: each filter checks the render limits before it
/// allocates, and comparisons do not walk a list compared with itself.
@Suite struct SharedValueBudgetTests {
    /// A list holding one list of 100,000 numbers a thousand times: about 700 MB as text.
    private static let shared = "{% set a = range(100000) | list %}{% set b = [a] * 1000 %}"

    private func render(_ text: String) throws(DiagnosticError) -> String {
        try Template(parsing: text, origin: TemplateOrigin(file: "shared.md")).render(context: [:])
    }

    private func failure(_ text: String) -> Diagnostic? {
        do {
            let output = try render(text)
            Issue.record("rendered \(output.utf8.count) bytes instead of failing")
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test(arguments: [
        "b | string", "b | upper", "b | lower", "b | capitalize", "b | title", "b | wordcount", "b | safe",
        "b | trim", "b | replace('1', '2')", "'x' | replace('x', b)", "b | center(10)", "b is lower", "b is upper",
        "b | map('string') | list", "[b] | join", "a | map('string') | map('center', 1000) | list",
    ])
    func textBuiltFromASharedValueStopsBeforeAllocating(expression: String) {
        let diagnostic = failure(Self.shared + "{{ \(expression) }}")
        #expect(diagnostic?.code == .templateRenderLimit, "\(String(describing: diagnostic))")
        #expect(diagnostic?.message.contains("64 MiB") == true, "\(String(describing: diagnostic))")
        #expect(diagnostic?.location?.file == "shared.md")
    }

    @Test(arguments: [
        "s | list", "s | reverse", "s | first", "s | sort", "s | unique", "s | batch(2)",
        "s | map('upper') | list", "s | select | list", "s | max",
    ])
    func listsBuiltFromTheCharactersOfAHugeStringStopBeforeAllocating(expression: String) {
        let diagnostic = failure("{% set s = 'x' * 2000000 %}{{ \(expression) }}")
        #expect(diagnostic?.code == .templateRenderLimit, "\(String(describing: diagnostic))")
        #expect(diagnostic?.message.contains("1000000 items") == true, "\(String(describing: diagnostic))")
    }

    @Test func aLoopOverTheCharactersOfAHugeStringStops() {
        let diagnostic = failure("{% for c in 'x' * 2000000 %}{% endfor %}")
        #expect(diagnostic?.code == .templateRenderLimit)
    }

    @Test func sortingAndComparingSharedListsDoesNotWalkThem() throws {
        #expect(
            try render(Self.shared + "{{ b | sort | length }} {{ b == b }} {{ b | max | length }}")
                == "1000 True 100000")
        #expect(try render(Self.shared + "{{ b | unique(attribute='0') | list | length }} {{ a in b }}") == "1 True")
        // Only string keys are folded, as Jinja2's ignore_case: nested lists compare as they are.
        #expect(try render("{{ [['b'], ['A']] | sort }} {{ ['b', 'A'] | sort }}") == "[['A'], ['b']] ['A', 'b']")
        #expect(try render("{{ [['B'], ['a']] | sort }}") == "[['B'], ['a']]")
    }

    @Test func uniqueIsLinearAndComparesAsPython() throws {
        #expect(try render("{{ range(300000) | list | unique | list | length }}") == "300000")
        #expect(try render("{{ [1, 1.0, true, 'A', 'a', none, 2] | unique | list }}") == "[1, 'A', None, 2]")
        #expect(try render("{{ ['A', 'a'] | unique(case_sensitive=true) | list }}") == "['A', 'a']")
        #expect(try render("{{ ['\u{E9}', 'e\u{301}', '\u{E9}'] | unique | list | length }}") == "2")
    }

    @Test func filtersWithinTheLimitsStillWork() throws {
        #expect(try render("{{ ([[1, 2]] * 2) | string }}") == "[[1, 2], [1, 2]]")
        #expect(
            try render("{{ 'abc' | reverse }} {{ 'abc' | list }} {{ {'k': 1} | items | list }}")
                == "cba ['a', 'b', 'c'] [['k', 1]]")
    }
}
