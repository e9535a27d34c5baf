import SluiceCore
import SluiceSchema
import Testing

@Suite struct SchemaDialectTranslatorTests {
    let ticket = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Ticket",
          "type": "object",
          "properties": {
            "summary": {"type": "string", "minLength": 1, "maxLength": 200},
            "urgency": {"enum": ["low", "high"]},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "labels": {"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": true},
            "owner": {"$ref": "#/$defs/person"},
            "kind": {"oneOf": [{"const": "bug"}, {"const": "idea"}]}
          },
          "required": ["summary", "urgency"],
          "$defs": {"person": {"type": "object", "properties": {"name": {"type": "string", "format": "uri"}}}},
          "not": {"required": ["forbidden"]}
        }
        """

    @Test func openAIStrictRequiresEverythingAndMakesOptionalNullable() throws {
        let translation = try SchemaDialectTranslator.translate(try Schema(text: ticket), to: .openAIStrict)
        let schema = translation.schema
        #expect(schema["additionalProperties"] == false)
        #expect(schema["required"] == ["summary", "urgency", "score", "labels", "owner", "kind"])
        #expect(schema["properties"]?["score"]?["type"] == ["number", "null"])
        #expect(schema["properties"]?["urgency"]?["enum"] == ["low", "high"])
        #expect(schema["properties"]?["owner"] == ["anyOf": [["$ref": "#/$defs/person"], ["type": "null"]]])
        #expect(schema["$defs"]?["person"]?["additionalProperties"] == false)
        #expect(schema["$defs"]?["person"]?["required"] == ["name"])
        #expect(schema["properties"]?["kind"]?["anyOf"] != nil)
        let dropped = Set(translation.droppedKeywords.map(\.description))
        #expect(dropped.contains("minLength at #/properties/summary"))
        #expect(dropped.contains("uniqueItems at #/properties/labels"))
        #expect(dropped.contains("not at #"))
        #expect(dropped.contains("format at #/$defs/person/properties/name"))
        #expect(dropped.contains("oneOf (sent as anyOf) at #/properties/kind"))
        #expect(!dropped.contains("minimum at #/properties/score"))
    }

    @Test func openAINullsForOptionalPropertiesAreRemovedAgain() throws {
        let translation = try SchemaDialectTranslator.translate(try Schema(text: ticket), to: .openAIStrict)
        let reply: JSONValue = [
            "summary": "s", "urgency": "low", "score": nil, "labels": nil, "owner": ["name": nil], "kind": "bug",
        ]
        let restored = translation.removingAddedNulls(from: reply)
        #expect(restored == ["summary": "s", "urgency": "low", "owner": [:], "kind": "bug"])
        #expect(try Schema(text: ticket).isValid(restored))
    }

    @Test func openAIRefusesANonObjectRoot() {
        do {
            _ = try SchemaDialectTranslator.translate(try Schema(text: #"{"type": "array"}"#), to: .openAIStrict)
            Issue.record("an array root was accepted")
        } catch {
            #expect(error.diagnostics.first?.code == .schemaDialectUnsupported)
        }
    }

    @Test func anthropicKeepsOptionalPropertiesAndDropsNumericBounds() throws {
        let translation = try SchemaDialectTranslator.translate(try Schema(text: ticket), to: .anthropic)
        let schema = translation.schema
        #expect(schema["required"] == ["summary", "urgency"])
        #expect(schema["additionalProperties"] == false)
        #expect(schema["properties"]?["labels"]?["minItems"] == 1)
        #expect(schema["properties"]?["score"]?["minimum"] == nil)
        let dropped = Set(translation.droppedKeywords.map(\.description))
        #expect(dropped.contains("minimum at #/properties/score"))
        #expect(dropped.contains("minItems at #/properties/labels"))
        #expect(!dropped.contains("format at #/$defs/person/properties/name"))
    }

    @Test func geminiAddsPropertyOrderingAndKeepsBounds() throws {
        let translation = try SchemaDialectTranslator.translate(try Schema(text: ticket), to: .gemini)
        let schema = translation.schema
        #expect(schema["propertyOrdering"] == ["summary", "urgency", "score", "labels", "owner", "kind"])
        #expect(schema["properties"]?["score"]?["maximum"] == 1)
        #expect(schema["additionalProperties"] == nil)
        let dropped = Set(translation.droppedKeywords.map(\.description))
        #expect(dropped.contains("maxLength at #/properties/summary"))
        #expect(!dropped.contains("minItems at #/properties/labels"))
    }

    @Test func draft7DefinitionsBecomeDefs() throws {
        let schema = try Schema(
            text: """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "properties": {"a": {"$ref": "#/definitions/x"}}, "definitions": {"x": {"type": "string"}}}
                """)
        let translation = try SchemaDialectTranslator.translate(schema, to: .anthropic)
        #expect(translation.schema["$defs"]?["x"] == ["type": "string"])
        #expect(translation.schema["properties"]?["a"] == ["$ref": "#/$defs/x"])
    }
}
