import Foundation
import SluiceCore
import SluicePipeline
import Testing

/// `-i name=value` and `-i name=@file` inputs: strict JSON, UTF-8 problems at the byte, large files.
@Suite struct InputHygieneTests {
    private func definition() throws -> PipelineDefinition {
        var loader = ProjectLoader(project: Project(root: "/nonexistent-sluice-project"))
        let text = """
            inputs: { config: { type: object }, notes: { type: string }, anything: {} }
            steps:
              a: { model: local/default, prompt: hi }
            """
        return try #require(loader.loadPipeline(named: "p", file: "pipelines/p.yaml", text: text).definition)
    }

    private func failure(_ assignments: [String], in directory: String = "/") throws -> Diagnostic? {
        let definition = try definition()
        do {
            let inputs = try PipelineInputs.resolve(assignments, for: definition, workingDirectory: directory)
            Issue.record("accepted \(inputs)")
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    private func scratchFile(_ bytes: [UInt8]) throws -> (directory: String, name: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-inputs-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: directory.appendingPathComponent("input.json"))
        return (directory.path, "input.json")
    }

    @Test func aDuplicateKeyIsALocatedError() throws {
        let diagnostic = try failure([#"config={"a": 1, "a": 2}"#, "notes=x"])
        #expect(diagnostic?.code == .invalidInput)
        #expect(diagnostic?.message.contains("duplicate key 'a'") == true)
        #expect(diagnostic?.location == SourceLocation(file: "-i config", line: 1, column: 10))
    }

    @Test func aRefusedValueIsNotAlsoReportedAsMissing() throws {
        let definition = try definition()
        do {
            let inputs = try PipelineInputs.resolve(
                [#"config={"a": 1, "a": 2}"#, "notes=x", "anything=1"], for: definition, workingDirectory: "/")
            Issue.record("accepted \(inputs)")
        } catch {
            #expect(error.diagnostics.map(\.code) == [.invalidInput], "\(error.diagnostics)")
        }
    }

    @Test func aLoneSurrogateInAFileIsLocatedInTheFile() throws {
        let (directory, name) = try scratchFile(Array("{\n  \"k\": \"\\udc00\"\n}\n".utf8))
        let diagnostic = try failure(["config=@\(name)", "notes=x"], in: directory)
        #expect(diagnostic?.message.contains("lone surrogate") == true)
        #expect(diagnostic?.location == SourceLocation(file: name, line: 2, column: 9))
    }

    @Test func invalidUTF8InAFileIsReportedAtTheByte() throws {
        let (directory, name) = try scratchFile(Array("{\"k\": \"caf".utf8) + [0xE9] + Array("\"}".utf8))
        let diagnostic = try failure(["config=@\(name)", "notes=x"], in: directory)
        #expect(diagnostic?.code == .notText)
        #expect(diagnostic?.message == "invalid UTF-8 at byte 10: 0xe9")
        #expect(diagnostic?.location == SourceLocation(file: name, line: 1, column: 11))
    }

    @Test func aUTF16FileIsNamedAsSuch() throws {
        let (directory, name) = try scratchFile([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00])
        let diagnostic = try failure(["config=@\(name)", "notes=x"], in: directory)
        #expect(diagnostic?.message.contains("UTF-16") == true)
    }

    @Test func textThatIsNotJSONStaysText() throws {
        let inputs = try PipelineInputs.resolve(
            ["config={}", "notes=x", "anything={not json"], for: try definition(), workingDirectory: "/")
        #expect(inputs["anything"] == "{not json")
    }

    @Test func aLargeFileInputIsReadInLinearTime() throws {
        // 7 MB of JSON: half a million short strings.
        let text = "[" + Array(repeating: #""lorem ipsum""#, count: 500_000).joined(separator: ",") + "]"
        let (directory, name) = try scratchFile(Array(text.utf8))
        let clock = ContinuousClock()
        var inputs: JSONObject = [:]
        let elapsed = try clock.measure {
            inputs = try PipelineInputs.resolve(
                ["config={}", "notes=x", "anything=@\(name)"], for: try definition(), workingDirectory: directory)
        }
        #expect(inputs["anything"]?.arrayValue?.count == 500_000)
        // Generous for a debug build on a shared machine; what matters is that it is not quadratic.
        #expect(elapsed < .seconds(60))
    }
}
