import SluiceCore
import SluiceSchema
import SluiceTestSupport
import Testing

@Suite struct ValidationErrorTests {
    @Test func errorsCarryInstanceLocationKeywordExpectedFoundAndSchemaLocation() throws {
        let schema = try Schema(text: try TestFixtures().text("golden/ticket-schema.json"))
        let instance = try TestFixtures().json("golden/ticket-instance.json")
        let result = schema.validate(instance)
        #expect(
            result.errors == [
                ValidationError(
                    instanceLocation: "/items/1/score", keyword: "maximum", expected: "a number at most 10",
                    found: "12",
                    schemaLocation: "#/properties/items/items/properties/score/maximum"),
                ValidationError(
                    instanceLocation: "/items/1/label", keyword: "enum", expected: #"one of "bug", "idea""#,
                    found: #"string "question""#, schemaLocation: "#/properties/items/items/properties/label/enum"),
                ValidationError(
                    instanceLocation: "/items/2", keyword: "required", expected: "required property 'score'",
                    found: "it is missing", schemaLocation: "#/properties/items/items/required"),
                ValidationError(
                    instanceLocation: "", keyword: "additionalProperties",
                    expected: "no properties other than those the schema declares",
                    found: "unexpected property 'extra'",
                    schemaLocation: "#/additionalProperties"),
            ])
    }

    @Test func pointerTokensAreEscaped() throws {
        let schema = try Schema(text: #"{"properties": {"a/b": {"properties": {"c~d": {"type": "string"}}}}}"#)
        let result = schema.validate(try JSONValue(parsing: #"{"a/b": {"c~d": 1}}"#))
        #expect(result.errors.map(\.instanceLocation) == ["/a~1b/c~0d"])
        #expect(result.errors.first?.schemaLocation == "#/properties/a~1b/properties/c~0d/type")
    }

    @Test func errorCountIsBounded() throws {
        let schema = try Schema(text: #"{"items": {"type": "string"}}"#)
        let instance = JSONValue.array((0..<500).map { .integer($0) })
        let result = schema.validate(instance, options: ValidationOptions(maximumErrors: 10))
        #expect(result.errors.count == 10)
        #expect(result.isTruncated)
        #expect(result.renderedForModel(limit: 3).hasSuffix("- … and 7 more errors"))
    }

    @Test func compactRenderingForTheRepairLoop() throws {
        let schema = try Schema(text: try TestFixtures().text("golden/ticket-schema.json"))
        let result = schema.validate(try TestFixtures().json("golden/ticket-instance.json"))
        #expect(
            result.renderedForModel() == """
                The JSON does not match the required schema:
                - /items/1/score: expected a number at most 10, found 12
                - /items/1/label: expected one of "bug", "idea", found string "question"
                - /items/2: expected required property 'score', found it is missing
                - (root): expected no properties other than those the schema declares, found unexpected property 'extra'
                """)
    }

    @Test func anyOfFailureExplainsTheClosestAlternative() throws {
        let schema = try Schema(
            text: #"""
                {"anyOf": [
                  {"type": "object", "properties": {"kind": {"const": "circle"}, "radius": {"type": "number"}}, "required": ["kind", "radius"]},
                  {"type": "string"}
                ]}
                """#)
        let result = schema.validate(try JSONValue(parsing: #"{"kind": "circle", "radius": "big"}"#))
        #expect(result.errors.map(\.keyword) == ["anyOf", "type"])
        #expect(result.errors.last?.instanceLocation == "/radius")
    }

    @Test func instanceCheckPointsAtLinesAndColumns() throws {
        let schema = try Schema(text: try TestFixtures().text("golden/ticket-schema.json"))
        let text = try TestFixtures().text("golden/ticket-instance.json")
        let check = InstanceCheck(text: text, file: "ticket-instance.json", schema: schema)
        #expect(!check.isValid)
        let rendered = DiagnosticRenderer(sources: ["ticket-instance.json": text]).render(check.diagnostics)
        try TestFixtures().expectGolden(rendered, matches: "golden/ticket-instance.expected.txt")
    }

    @Test func instanceCheckReportsParseErrorsWithPosition() throws {
        let schema = try Schema(text: "{}")
        let check = InstanceCheck(text: "{\n  \"a\": tru\n}", file: "x.json", schema: schema)
        #expect(check.result == nil)
        #expect(check.diagnostics.first?.code == .instanceParseError)
        #expect(check.diagnostics.first?.location == SourceLocation(file: "x.json", line: 2, column: 8))
    }
}
