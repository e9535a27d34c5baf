import SluiceCore
import SluicePipeline
import SluiceSchema
import SluiceTestSupport
import Testing

/// A problem inside a schema written inline in a pipeline file is reported at the keyword's own
/// line and column, not at the line where the schema mapping starts.
@Suite struct InlineSchemaLocationTests {
    @Test func unknownTypeNamesDeepInsideInlineSchemasPointAtThemselves() {
        let result = ProjectLoader.load(
            """
            inputs:
              ticket:
                type: object
                properties:
                  tags:
                    type: array
                    items: { type: strnig }
            steps:
              a:
                model: local/default
                prompt: hi
                output:
                  schema:
                    type: object
                    properties:
                      answer:
                        type: object
                        properties:
                          score:
                            type: numbr
            """)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message).allSatisfy { $0.hasPrefix("unknown type") })
        #expect(
            errors.map(\.location) == [
                SourceLocation(file: "pipelines/p.yaml", line: 7, column: 24),
                SourceLocation(file: "pipelines/p.yaml", line: 20, column: 23),
            ], "\(errors.map(\.headline))")
        #expect(errors.allSatisfy { $0.code == .invalidSchema })
    }

    @Test func referenceLoopsInInlineSchemasAreLocatedAtTheClosingReference() throws {
        let result = ProjectLoader.load(
            """
            steps:
              a:
                model: local/default
                prompt: hi
                output:
                  schema:
                    $defs:
                      first: { $ref: "#/$defs/second" }
                      second:
                        $ref: "#/$defs/first"
                    $ref: "#/$defs/first"
            """)
        let loop = try #require(result.diagnostics.first { $0.code == .schemaReferenceLoop })
        #expect(loop.location == SourceLocation(file: "pipelines/p.yaml", line: 10, column: 19))
        #expect(loop.message.contains("#/$defs/first → #/$defs/second → #/$defs/first"))
        #expect(result.plan == nil)
    }
}
