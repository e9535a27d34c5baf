import Foundation
import SluiceCore
import SluiceSchema
import SluiceTestSupport
import Testing

@Suite struct SyntheticInstanceTests {
    static func schemas() throws -> [JSONValue] {
        try TestFixtures().json("synthetic-schemas.json").arrayValue ?? []
    }

    @Test func everySchemaGetsAValidInstanceForSeveralSeeds() throws {
        let documents = try Self.schemas()
        #expect(documents.count >= 50)
        for (position, document) in documents.enumerated() {
            let schema = try Schema(document)
            for seed: UInt64 in [0, 1, 42] {
                let instance = SyntheticInstance.generate(for: schema, seed: seed)
                #expect(instance != nil, "schema \(position) got no instance for seed \(seed)")
                if let instance {
                    let result = schema.validate(instance, options: ValidationOptions(assertsFormat: true))
                    #expect(result.isValid, "schema \(position): \(instance.formatted()) \(result.errors)")
                }
            }
        }
    }

    @Test func sameSeedGivesSameInstance() throws {
        for document in try Self.schemas() {
            let schema = try Schema(document)
            #expect(
                SyntheticInstance.generate(for: schema, seed: 7) == SyntheticInstance.generate(for: schema, seed: 7))
        }
    }

    @Test func unsatisfiableSchemaGivesNil() throws {
        #expect(SyntheticInstance.generate(for: try Schema(.bool(false))) == nil)
        let contradiction = try Schema(text: #"{"type": "integer", "minimum": 5, "maximum": 1}"#)
        #expect(SyntheticInstance.generate(for: contradiction) == nil)
        let impossible = try Schema(text: #"{"allOf": [{"type": "string"}, {"type": "integer"}]}"#)
        #expect(SyntheticInstance.generate(for: impossible) == nil)
    }

    @Test func objectInstancesFillDeclaredProperties() throws {
        let schema = try Schema(
            text: #"{"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]}"#)
        let instance = SyntheticInstance.generate(for: schema, seed: 3)
        #expect(instance?["summary"]?.stringValue?.isEmpty == false)
    }
}
