import Foundation
import SluiceCore
import SluiceSchema
import SluiceTestSupport
import Testing

@Suite struct SchemaLoadingTests {
    @Test func badSchemaReportsEveryProblemWithFileLineAndColumn() throws {
        let text = try TestFixtures().text("golden/bad-schema.json")
        do {
            _ = try Schema(text: text, file: "bad-schema.json")
            Issue.record("a bad schema compiled")
        } catch {
            let rendered = DiagnosticRenderer(sources: ["bad-schema.json": text]).render(error.diagnostics)
            try TestFixtures().expectGolden(rendered, matches: "golden/bad-schema.expected.txt")
        }
    }

    @Test func unresolvedReferenceIsAnError() {
        #expect(throws: DiagnosticError.self) { try Schema(text: ##"{"$ref": "#/$defs/nowhere"}"##) }
        #expect(throws: DiagnosticError.self) { try Schema(text: #"{"$ref": "https://example.com/other.json"}"#) }
    }

    @Test func parseErrorIsLocated() {
        do {
            _ = try Schema(text: "{\n  \"type\": \"string\",\n}", file: "s.json")
            Issue.record("invalid JSON compiled")
        } catch {
            #expect(error.diagnostics.first?.code == .schemaParseError)
            #expect(error.diagnostics.first?.location == SourceLocation(file: "s.json", line: 3, column: 1))
        }
    }

    @Test func draftIsChosenBySchemaKeywordAndDetected() throws {
        #expect(try Schema(text: "{}").draft == .draft2020)
        #expect(try Schema(text: #"{"$schema": "http://json-schema.org/draft-07/schema#"}"#).draft == .draft7)
        #expect(try Schema(text: #"{"$schema": "https://json-schema.org/draft/2020-12/schema"}"#).draft == .draft2020)
        #expect(try Schema(text: #"{"items": [{"type": "string"}]}"#).draft == .draft7)
        #expect(try Schema(text: "{}", draft: .draft7).draft == .draft7)
    }

    @Test func unknownDialectIsAWarningAndReadsAs2020() throws {
        let schema = try Schema(text: #"{"$schema": "https://example.com/my-dialect", "type": "string"}"#)
        #expect(schema.draft == .draft2020)
        #expect(schema.warnings.map(\.code) == [.unknownSchemaDialect])
    }

    @Test func referenceToTheMetaSchemaValidatesSchemas() throws {
        let meta = try Schema(text: #"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"#)
        #expect(meta.isValid(try JSONValue(parsing: #"{"type": "string", "minLength": 1}"#)))
        #expect(!meta.isValid(try JSONValue(parsing: #"{"type": 5}"#)))
        #expect(!meta.isValid(try JSONValue(parsing: #"{"properties": {"a": {"minLength": -1}}}"#)))
    }

    @Test func fileReferencesLoadSiblingFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-schema-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"$defs": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}}}"#.write(
            to: directory.appendingPathComponent("common.json"), atomically: true, encoding: .utf8)
        let main = directory.appendingPathComponent("address.json")
        try #"{"properties": {"zip": {"$ref": "common.json#/$defs/zip"}}}"#.write(
            to: main, atomically: true, encoding: .utf8)
        let schema = try Schema(loadingFile: main.path)
        #expect(schema.isValid(try JSONValue(parsing: #"{"zip": "12345"}"#)))
        #expect(!schema.isValid(try JSONValue(parsing: #"{"zip": "1234"}"#)))
    }

    @Test func fileReferencesOutsideTheProjectAreRefusedButTheNamedFileIsRead() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-schema-\(UUID())")
        let project = base.appendingPathComponent("project")
        let schemas = project.appendingPathComponent("schemas")
        let outside = base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: schemas, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let secret = outside.appendingPathComponent("secret.json")
        try #"{"type": "string"}"#.write(to: secret, atomically: true, encoding: .utf8)
        try #"{"type": "integer"}"#.write(
            to: project.appendingPathComponent("shared.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: schemas.appendingPathComponent("link.json"), withDestinationURL: secret)
        func write(_ name: String, _ text: String) throws -> String {
            let url = schemas.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let throughLink = try write("a.json", #"{"$ref": "link.json"}"#)
        let upward = try write("b.json", #"{"$ref": "../../outside/secret.json"}"#)
        let absolute = try write("c.json", "{\"$ref\": \"\(secret.absoluteString)\"}")
        for path in [throughLink, upward, absolute] {
            let error = #expect(throws: DiagnosticError.self) {
                try Schema(loadingFile: path, filesConfinedTo: project.path)
            }
            let diagnostic = try #require(error?.diagnostics.first)
            #expect(diagnostic.code == .schemaReferenceOutsideProject)
            #expect(diagnostic.message.contains("outside/secret.json"), "\(diagnostic.message)")
            #expect(diagnostic.location?.file == path)
        }
        // Inside the project, including one folder up from the schema, is fine.
        let sideways = try write("d.json", #"{"$ref": "../shared.json"}"#)
        #expect(try Schema(loadingFile: sideways, filesConfinedTo: project.path).isValid(3))
        // Without a project, a schema may refer only to files in its own folder and below.
        #expect(throws: DiagnosticError.self) { try Schema(loadingFile: sideways) }
        // The file named by the caller is read wherever it is, even through a link.
        let named = try Schema(loadingFile: schemas.appendingPathComponent("link.json").path)
        #expect(named.isValid("text"))
    }

    @Test func missingFileIsADiagnostic() {
        do {
            _ = try Schema(loadingFile: "/nonexistent/schema.json")
            Issue.record("a missing file compiled")
        } catch {
            #expect(error.diagnostics.map(\.code) == [.unreadableSchema])
        }
    }

    @Test func compiledSchemaIsSharedAcrossTasks() async throws {
        let schema = try Schema(text: #"{"type": "array", "items": {"type": "integer"}}"#)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask { schema.isValid(.array([.integer(index), index % 2 == 0 ? .integer(1) : "x"])) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count { $0 } == 4)
    }
}

@Suite struct EvaluationLimitTests {
    @Test func referenceCycleIsALocatedSchemaError() throws {
        let error = #expect(throws: DiagnosticError.self) {
            try Schema(
                text: ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
                file: "loop.json")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == .schemaReferenceLoop)
        #expect(diagnostic.location == SourceLocation(file: "loop.json", line: 1, column: 54))
        #expect(diagnostic.message.contains("#/$defs/a → #/$defs/b → #/$defs/a"))
    }

    @Test(arguments: [
        ##"{"$ref": "#"}"##, ##"{"allOf": [{"$ref": "#"}]}"##,
        ##"{"anyOf": [{"type": "string"}, {"not": {"$ref": "#"}}]}"##,
        ##"{"$defs": {"x": {"if": {"$ref": "#/$defs/x"}}}, "properties": {"a": {"$ref": "#/$defs/x"}}}"##,
    ])
    func loopsThroughInPlaceKeywordsAreSchemaErrors(text: String) {
        let error = #expect(throws: DiagnosticError.self) { try Schema(text: text) }
        #expect(error?.diagnostics.map(\.code) == [.schemaReferenceLoop])
    }

    @Test func recursiveSchemasThatStepIntoTheValueStillValidate() throws {
        let tree = try Schema(
            text:
                ##"{"type": "object", "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#"}}}}"##
        )
        let valid: JSONValue = ["value": 1, "children": [["value": 2, "children": [["value": 3]]]]]
        let invalid: JSONValue = ["value": 1, "children": [["value": 2, "children": [["value": "three"]]]]]
        #expect(tree.isValid(valid))
        #expect(tree.validate(invalid).errors.map(\.instanceLocation) == ["/children/0/children/0/value"])
        let linked = try Schema(
            text: ##"{"anyOf": [{"type": "null"}, {"type": "object", "properties": {"next": {"$ref": "#"}}}]}"##)
        #expect(linked.isValid(["next": ["next": nil]]))
        #expect(!linked.isValid(["next": ["next": 5]]))
    }

    @Test func nestedInstanceValidatesInsideATask() async throws {
        let schema = try Schema(
            text: ##"{"anyOf": [{"type": "integer"}, {"type": "array", "items": {"$ref": "#"}}]}"##)
        var value: JSONValue = 1
        for _ in 0..<60 { value = [value] }
        let nested = value
        let valid = await Task { schema.isValid(nested) }.value
        #expect(valid)
    }
}

extension EvaluationLimitTests {
    @Test func excessiveNestingIsAnErrorNotACrash() async throws {
        let schema = try Schema(text: ##"{"type": "array", "items": {"$ref": "#"}}"##)
        var value: JSONValue = []
        for _ in 0..<400 { value = [value] }
        let nested = value
        let result = await Task { schema.validate(nested) }.value
        #expect(!result.isValid)
    }
}

extension SchemaLoadingTests {
    @Test func likelyKeywordTyposAreWarnings() throws {
        let schema = try Schema(
            text: #"{"type": "object", "requried": ["a"], "properties": {"a": {"maxLenght": 3}}, "x-note": 1}"#,
            file: "t.json")
        #expect(schema.warnings.map(\.code) == [.unknownSchemaKeyword, .unknownSchemaKeyword])
        #expect(schema.warnings.map(\.hint) == ["did you mean 'required'?", "did you mean 'maxLength'?"])
        #expect(schema.warnings.first?.location == SourceLocation(file: "t.json", line: 1, column: 32))
    }
}
