import Foundation
import SluiceTestSupport
import Testing

/// `sluice schema check` reads every JSON file it is given as strictly as a schema file: a key
/// written twice is a located error, never a value silently replaced by the later one.
@Suite struct SchemaCheckCommandTests {
    /// A fresh folder holding `files` (name → text).
    private func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-schema-check-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    private let schema = #"{"type": "object", "properties": {"id": {"type": "integer"}}}"#

    @Test func anInstanceWithADuplicateKeyIsALocatedError() throws {
        // The second "id" would win under lenient parsing and fail as a string; the first would pass.
        let folder = try folder(["s.json": schema, "a.json": "{\n  \"id\": 1,\n  \"id\": \"two\"\n}\n"])
        let outcome = try SluiceBinary.run(["schema", "check", "s.json", "a.json"], in: folder)
        #expect(outcome.status == 2)
        #expect(
            outcome.standardOutput.contains(
                "a.json:3:3: error: not valid JSON: duplicate key 'id' in object; a key may appear once "
                    + "[instance-parse-error]"))
        #expect(
            outcome.standardOutput.contains("hint: a key may appear once in an object: remove or rename one of them"))
    }

    @Test func aDuplicateKeyInAnInstanceIsReportedInJSONToo() throws {
        let folder = try folder(["s.json": schema, "a.json": #"{"id": 1, "x": {"k": 1, "k": 2}}"#])
        let outcome = try SluiceBinary.run(["schema", "check", "--json", "s.json", "a.json"], in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.contains(#""code":"instance-parse-error""#))
        #expect(outcome.standardOutput.contains(#""line":1,"column":25"#))
        #expect(outcome.standardOutput.contains("duplicate key 'k'"))
    }

    @Test func anInstanceWithoutDuplicatesIsStillChecked() throws {
        let folder = try folder(["s.json": schema, "a.json": #"{"id": 1, "x": {"id": "nested"}}"#])
        let outcome = try SluiceBinary.run(["schema", "check", "s.json", "a.json"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("a.json: valid"))
    }

    @Test func aReferencedSchemaFileWithADuplicateKeyIsALocatedError() throws {
        let folder = try folder([
            "s.json": #"{"$ref": "common.json"}"#, "common.json": "{\"type\": \"object\",\n \"type\": \"string\"}\n",
            "a.json": "{}",
        ])
        let outcome = try SluiceBinary.run(["schema", "check", "s.json", "a.json"], in: folder)
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError.contains("s.json:1:10: error: 'common.json' leads to a file that is not valid JSON"))
        #expect(outcome.standardError.contains("common.json:2:2: duplicate key 'type'"))
        #expect(outcome.standardError.contains("[schema-parse-error]"))
    }
}
