import SluiceCore
import SluiceTemplates
import Testing

@Suite struct TemplateReferenceTests {
    private func paths(_ text: String) throws -> [String] {
        try Template(parsing: text, origin: TemplateOrigin(file: "t.md")).references.map(\.dottedPath)
    }

    @Test func longestStaticPathOfEachUse() throws {
        #expect(try paths("{{ steps.classify.output[0].summary }}") == ["steps.classify.output"])
        #expect(try paths("{{ inputs.tone }} {{ inputs['style'].name }}") == ["inputs.tone", "inputs.style.name"])
        #expect(try paths("{{ a.b[i].c }}") == ["i", "a.b"])
        #expect(try paths("{{ a[0:2] }} {{ a.b | length }}") == ["a", "a.b"])
    }

    @Test func methodCallsEndThePath() throws {
        #expect(try paths("{% for k, v in inputs.options.items() %}{{ k }}{% endfor %}") == ["inputs.options"])
        #expect(try paths("{{ name.strip() }} {{ range(3) }}") == ["name"])
    }

    @Test func loopAndSetVariablesAreNotReferences() throws {
        let template = """
            {% for ticket in inputs.tickets %}{{ ticket.body }} {{ loop.index }}{% set seen = ticket %}{{ seen }}\
            {% endfor %}{{ seen }}
            {% set total = inputs.count %}{{ total }}{% set block %}{{ c.summary }}{% endset %}{{ block }}
            """
        #expect(try paths(template) == ["inputs.tickets", "seen", "inputs.count", "c.summary"])
    }

    @Test func namespaceMembersAreNotReferences() throws {
        #expect(
            try paths("{% set ns = namespace(a=1) %}{% set ns.a = x %}{{ ns.a }}{% set other.b = 1 %}") == [
                "x", "other",
            ])
    }

    @Test func referenceBeforeSetIsFree() throws {
        #expect(try paths("{{ tone }}{% set tone = 'x' %}{{ tone }}") == ["tone"])
    }

    @Test func referencesInsideFiltersTestsAndConditions() throws {
        let template = "{% if x is defined and y > 1 %}{{ z | default(w) | join(sep) }}{% elif q %}{% endif %}"
        #expect(try paths(template) == ["x", "y", "z", "w", "sep", "q"])
    }

    @Test func referencesCarryTheirLocation() throws {
        let template = try Template(
            parsing: "Hello\n  {{ user.name }}", origin: TemplateOrigin(file: "pipelines/a.yaml", line: 10, column: 5))
        let reference = try #require(template.references.first)
        #expect(reference.path == ["user", "name"])
        #expect(reference.location == SourceLocation(file: "pipelines/a.yaml", line: 11, column: 6))
    }

    @Test func includesAreListedWithLocations() throws {
        let template = try Template(
            parsing: "a\n{% include 'partials/x.md' %}{% include \"y.md\" ignore missing %}",
            origin: TemplateOrigin(file: "t.md"))
        #expect(template.includes.map(\.name) == ["partials/x.md", "y.md"])
        #expect(template.includes.map(\.ignoresMissing) == [false, true])
        #expect(template.includes.first?.location == SourceLocation(file: "t.md", line: 2, column: 12))
    }

    @Test func includesKnowTheNamesDefinedWhereTheyAreWritten() throws {
        let template = try Template(
            parsing: """
                {% include 'a.md' %}{% set tone = 'x' %}                {% for t in tickets %}{% set n = loop.index %}{% include 'b.md' %}{% endfor %}{% include 'c.md' %}
                """,
            origin: TemplateOrigin(file: "t.md"))
        #expect(template.includes.map(\.localNames) == [[], ["n", "t", "tone"], ["tone"]])
    }

    @Test func expressionReferences() throws {
        let expression = try TemplateExpression(
            parsing: "c.urgency == 'high' and steps.classify.output | length > n",
            origin: TemplateOrigin(file: "p.yaml", line: 3, column: 11))
        #expect(expression.references.map(\.dottedPath) == ["c.urgency", "steps.classify.output", "n"])
        #expect(expression.references[1].location == SourceLocation(file: "p.yaml", line: 3, column: 35))
    }
}
