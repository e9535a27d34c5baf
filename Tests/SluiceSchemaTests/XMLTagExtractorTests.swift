import SluiceCore
import SluiceSchema
import Testing

@Suite struct XMLTagExtractorTests {
    @Test func tagsAmidProseBecomeAnObject() throws {
        let reply = """
            Let me think: a < b && c > d, so…
            <reasoning>
              The ticket mentions &quot;refund&quot; twice.
            </reasoning>
            Final:
            <answer confidence="high">billing</answer>
            Thanks!
            """
        let result = try XMLTagExtractor.extract(from: reply, required: ["answer", "reasoning"])
        #expect(result.keys == ["answer", "reasoning"])
        #expect(result["answer"] == "billing")
        #expect(result["reasoning"] == #"The ticket mentions "refund" twice."#)
    }

    @Test func cdataAndNestedMarkupAreFlattenedToText() throws {
        let reply = "<answer><![CDATA[x < y]]> and <b>bold</b></answer>"
        #expect(try XMLTagExtractor.extract(from: reply, required: ["answer"])["answer"] == "x < y and bold")
    }

    @Test func malformedInnerTextIsTakenRaw() throws {
        let reply = "<answer>if a < b & c then</answer>"
        #expect(try XMLTagExtractor.extract(from: reply, required: ["answer"])["answer"] == "if a < b & c then")
    }

    @Test func missingRequiredTagFailsWithSuggestion() {
        do {
            _ = try XMLTagExtractor.extract(from: "<answr>yes</answr>", required: ["answer"])
            Issue.record("a missing tag was not reported")
        } catch {
            let diagnostic = error.diagnostics.first
            #expect(diagnostic?.code == .missingOutputTag)
            #expect(diagnostic?.message == "the model's reply has no <answer> section")
            #expect(diagnostic?.hint?.contains("did you mean 'answr'?") == true)
        }
    }

    @Test func optionalTagsMayBeAbsent() throws {
        let tags = XMLTagExtractor.parseTagList(["answer", "reasoning?"])
        #expect(tags.required == ["answer"])
        #expect(tags.optional == ["reasoning"])
        let result = try XMLTagExtractor.extract(
            from: "<answer>ok</answer>", required: tags.required, optional: tags.optional)
        #expect(result.keys == ["answer"])
    }

    @Test func tagNamePrefixesDoNotMatch() throws {
        let reply = "<answers>wrong</answers><answer>right</answer>"
        #expect(try XMLTagExtractor.extract(from: reply, required: ["answer"])["answer"] == "right")
    }

    @Test func firstOccurrenceWins() throws {
        let reply = "<answer>first</answer> <answer>second</answer>"
        #expect(try XMLTagExtractor.extract(from: reply, required: ["answer"])["answer"] == "first")
    }
}
