import SluiceCore
import SluiceTemplates
import Testing

@Suite struct TemplateExpressionTests {
    private let origin = TemplateOrigin(file: "pipelines/triage.yaml", line: 20, column: 11)

    private func evaluate(_ text: String, _ context: JSONObject = [:]) throws -> JSONValue {
        try TemplateExpression(parsing: text, origin: origin).evaluate(context: context)
    }

    @Test func evaluatesToJSONValues() throws {
        #expect(try evaluate("c.urgency == 'high'", ["c": ["urgency": "high"]]) == true)
        #expect(try evaluate("inputs.tickets | length", ["inputs": ["tickets": [1, 2, 3]]]) == 3)
        #expect(
            try evaluate("items | selectattr('ok') | list", ["items": [["ok": true], ["ok": false]]]) == [["ok": true]])
        #expect(try evaluate("{'a': [1, 2.5], 'b': none}") == ["a": [1, 2.5], "b": nil])
        #expect(try evaluate("7 / 2") == 3.5)
        #expect(try evaluate("7 // 2") == 3)
    }

    @Test func keepsIntegersAndFloatsApart() throws {
        let value = try evaluate("2 * 3")
        guard case .integer(6) = value else {
            Issue.record("expected the integer 6, got \(value)")
            return
        }
        guard case .double(6.0) = try evaluate("2 * 3.0") else {
            Issue.record("expected the float 6.0")
            return
        }
    }

    @Test func undefinedIsAnErrorAtTheExpressionsLocation() throws {
        let error = #expect(throws: DiagnosticError.self) {
            try evaluate("  steps.clasify.output", ["steps": ["classify": [:]]])
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == .templateUndefined)
        #expect(diagnostic.location == SourceLocation(file: "pipelines/triage.yaml", line: 20, column: 19))
        #expect(diagnostic.hint?.contains("did you mean 'classify'?") == true)
    }

    @Test func defaultAllowsAbsence() throws {
        #expect(try evaluate("c.score | default(0) > 5", ["c": [:]]) == false)
        #expect(try evaluate("c.score is defined", ["c": [:]]) == false)
    }

    @Test func syntaxErrorsAreLocated() throws {
        let error = #expect(throws: DiagnosticError.self) { try evaluate("a ==") }
        #expect(error?.diagnostics.first?.code == .templateSyntax)
        #expect(error?.diagnostics.first?.location?.column == 15)
        let trailing = #expect(throws: DiagnosticError.self) { try evaluate("a b") }
        #expect(trailing?.diagnostics.first?.location?.column == 13)
        #expect(throws: DiagnosticError.self) { try evaluate("  ") }
        let braces = #expect(throws: DiagnosticError.self) { try evaluate(" {{ c.ok }}") }
        #expect(braces?.diagnostics.first?.message.contains("without '{{ }}'") == true)
        #expect(braces?.diagnostics.first?.location?.column == 12)
    }

    @Test func continuationLinesAreShiftedByTheBlockIndent() throws {
        let template = try Template(
            parsing: "Write a reply.\n{{ c.summry }}",
            origin: TemplateOrigin(file: "pipelines/triage.yaml", line: 31, column: 7, continuationIndent: 6))
        let error = #expect(throws: DiagnosticError.self) {
            try template.render(context: ["c": ["summary": "x"]])
        }
        #expect(
            error?.diagnostics.first?.location == SourceLocation(file: "pipelines/triage.yaml", line: 32, column: 12))
    }

    @Test func truthinessFollowsPython() {
        let falsy: [JSONValue] = [nil, false, 0, 0.0, "", [], [:]]
        let truthy: [JSONValue] = [true, 1, -0.5, " ", [0], ["k": nil], .double(.nan)]
        #expect(falsy.allSatisfy { !$0.isTruthy })
        #expect(truthy.allSatisfy { $0.isTruthy })
    }
}
