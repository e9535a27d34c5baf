import SluiceCore
import SluiceSchema
import SluiceTestSupport
import Testing

/// Runs the hand-written cases in Fixtures/cases, whose expected validity comes from
/// scripts/schema-oracle.py (Python `jsonschema`) or, for formats, from the RFCs.
@Suite struct ValidatorCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var group: String
        var test: String
        var schema: JSONValue
        var data: JSONValue
        var valid: Bool
        var testDescription: String { "\(file): \(group) / \(test)" }
    }

    static func cases(_ file: String) -> [Case] {
        guard let groups = try? TestFixtures().json("cases/" + file).arrayValue else { return [] }
        return groups.flatMap { group in
            (group["tests"]?.arrayValue ?? []).map { test in
                Case(
                    file: file, group: group["description"]?.stringValue ?? "",
                    test: test["description"]?.stringValue ?? "",
                    schema: group["schema"] ?? .null, data: test["data"] ?? .null,
                    valid: test["valid"]?.boolValue ?? false)
            }
        }
    }

    @Test func fixtureFilesHaveCases() {
        #expect(Self.cases("keywords-2020-12.json").count > 100)
        #expect(Self.cases("keywords-draft-07.json").count > 10)
        #expect(Self.cases("formats.json").count > 40)
        #expect(Self.cases("unicode-code-points.json").count > 30)
    }

    @Test(
        arguments: cases("keywords-2020-12.json") + cases("keywords-draft-07.json")
            + cases("unicode-code-points.json"))
    func keywordCase(_ testCase: Case) throws {
        let schema = try Schema(testCase.schema)
        #expect(schema.isValid(testCase.data) == testCase.valid)
        let result = schema.validate(testCase.data)
        #expect(result.isValid == testCase.valid)
        #expect(result.isValid == result.errors.isEmpty)
    }

    @Test(arguments: cases("formats.json"))
    func formatCase(_ testCase: Case) throws {
        let schema = try Schema(testCase.schema)
        #expect(schema.isValid(testCase.data, options: ValidationOptions(assertsFormat: true)) == testCase.valid)
        #expect(schema.isValid(testCase.data), "format is only an annotation unless asserted")
    }
}
