import SluiceCore
import SluiceSchema
import Testing

@Suite struct JSONOutputExtractorTests {
    @Test func bareJSONIsTakenWhole() throws {
        let found = try JSONOutputExtractor.extract(from: "  {\"a\": 1}\n")
        #expect(found.value == ["a": 1])
        #expect(found.source == .wholeText)
    }

    @Test func jsonFenceIsPreferredToOtherFences() throws {
        let reply = """
            Here is some code:
            ```python
            print({"not": "this"})
            ```
            And the answer:
            ```JSON
            {"answer": 42}
            ```
            """
        let found = try JSONOutputExtractor.extract(from: reply)
        #expect(found.value == ["answer": 42])
        #expect(found.source == .fence)
    }

    @Test func unclosedFenceRunsToTheEnd() throws {
        let found = try JSONOutputExtractor.extract(from: "Sure!\n```json\n[1, 2, 3]\n")
        #expect(found.value == [1, 2, 3])
    }

    @Test func valueInsideProseWithBracesInStrings() throws {
        let reply = #"The result is {"text": "use {braces} and [brackets] freely", "ok": true}. Hope that helps {:"#
        let found = try JSONOutputExtractor.extract(from: reply)
        #expect(found.value == ["text": "use {braces} and [brackets] freely", "ok": true])
        #expect(found.source == .prose)
    }

    @Test func firstValueWinsWithoutAPreference() throws {
        let reply = #"Option A: {"choice": "a"} or option B: {"choice": "b"}"#
        #expect(try JSONOutputExtractor.extract(from: reply).value == ["choice": "a"])
    }

    @Test func firstSchemaValidValueWinsWithAPreference() throws {
        let schema = try Schema(text: #"{"properties": {"choice": {"const": "b"}}, "required": ["choice"]}"#)
        let reply = #"Example: {"choice": "a"}. Final: {"choice": "b"}"#
        let found = try JSONOutputExtractor.extract(from: reply) { schema.isValid($0) }
        #expect(found.value == ["choice": "b"])
    }

    @Test func noAcceptableValueFallsBackToTheFirstParsed() throws {
        let reply = #"{"choice": "a"}"#
        let found = try JSONOutputExtractor.extract(from: reply) { _ in false }
        #expect(found.value == ["choice": "a"])
    }

    @Test func nothingParsesSaysWhatWasTried() {
        do {
            _ = try JSONOutputExtractor.extract(from: "I think {it is: fine} and ```json\n{bad}\n```")
            Issue.record("extracted JSON from prose without any")
        } catch {
            #expect(error.diagnostics.first?.code == .noJSONInOutput)
            let message = error.diagnostics.first?.message ?? ""
            #expect(message.contains("the whole reply"))
            #expect(message.contains("1 fenced block (1 not valid JSON)"))
            #expect(message.contains("position"))
        }
    }

    @Test func emptyReplyIsItsOwnError() {
        #expect(throws: DiagnosticError.self) { try JSONOutputExtractor.extract(from: "  \n ") }
    }
}
