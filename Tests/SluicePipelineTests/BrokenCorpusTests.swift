import Foundation
import SluiceCore
import SluicePipeline
import SluiceTestSupport
import Testing

/// Runs every broken pipeline and config in `Fixtures/broken` and compares the rendered
/// diagnostics with the golden file beside it. Set `SLUICE_UPDATE_GOLDENS=1` to rewrite goldens.
@Suite struct BrokenCorpusTests {
    static let corpus = TestFixtures().url("broken")
    static let pipelineNames = Project(root: corpus.path).pipelineNames()
    static let configNames = TestFixtures.names(in: corpus.appendingPathComponent("config"), withExtension: "yaml")

    @Test func corpusIsLargeEnough() {
        #expect(Self.pipelineNames.count + Self.configNames.count >= 60)
    }

    @Test(arguments: pipelineNames)
    func brokenPipelineGivesItsGoldenDiagnostics(name: String) throws {
        var loader = ProjectLoader(project: Project(root: Self.corpus.path))
        #expect(loader.configDiagnostics.isEmpty)
        let result = loader.loadPipeline(named: name)
        #expect(result.plan == nil)
        #expect(result.diagnostics.contains { $0.severity == .error })
        #expect(result.diagnostics.allSatisfy { $0.location != nil })
        let rendered = DiagnosticRenderer(sourceProvider: loader.files.diagnosticSources).render(result.diagnostics)
        try TestFixtures.expectGolden(
            rendered, at: Self.corpus.appendingPathComponent("expected/pipelines/\(name).txt"))
    }

    @Test(arguments: configNames)
    func brokenConfigGivesItsGoldenDiagnostics(name: String) throws {
        let file = "config/\(name).yaml"
        let text = try String(contentsOf: Self.corpus.appendingPathComponent(file), encoding: .utf8)
        let (_, diagnostics) = ProjectConfigLoader.load(text: text, file: file)
        #expect(diagnostics.contains { $0.severity == .error })
        let rendered = DiagnosticRenderer(sources: [file: SecretScanner.redacting(text)]).render(diagnostics)
        try TestFixtures.expectGolden(rendered, at: Self.corpus.appendingPathComponent("expected/config/\(name).txt"))
    }

    /// Every code the loader and planner can report appears in at least one golden file.
    @Test func corpusCoversEveryCheck() throws {
        let expected = Self.corpus.appendingPathComponent("expected")
        var seen = ""
        for folder in ["pipelines", "config"] {
            for file in try FileManager.default.contentsOfDirectory(
                atPath: expected.appendingPathComponent(folder).path)
            {
                seen += try String(contentsOf: expected.appendingPathComponent("\(folder)/\(file)"), encoding: .utf8)
            }
        }
        let codes: [DiagnosticCode] = [
            .yamlSyntax, .notText, .fileTooLarge, .duplicateKey, .complexKey, .multipleDocuments, .unknownKey,
            .wrongType, .invalidValue, .missingField, .apiKeyInFile, .emptyPipeline, .unknownStepKind,
            .conflictingFields, .invalidName, .missingModel, .unknownStep, .templateNotFound, .pathOutsideProject,
            .schemaNotFound, "invalid-schema", .templateInCommand, .invalidDefault, .unknownProvider, .unknownModel,
            .aliasCycle, .dependencyCycle, .unknownInput, .unknownVariable, .loopVariableOutsideStep,
            .unknownStepField, .invalidDuration, "template-syntax", "template-unknown-filter",
            "template-include-not-found", "template-include-outside-root", "schema-parse-error",
            "invalid-cron", "cron-never-fires", .unknownTimeZone, .missingInput, .invalidInput, .unknownOutput,
            .invalidPattern, .invalidPath,
        ]
        for code in codes {
            #expect(seen.contains("[\(code)]"), "no golden shows [\(code)]")
        }
    }
}
