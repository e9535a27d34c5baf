import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// Runs the built `sluice` binary (built beside the test bundle by `swift build --build-tests`) as a user would.
@Suite struct CommandLineTests {
    /// The `sluice` executable next to the test bundle.
    static let executable = SluiceBinary.executable

    private func run(
        _ arguments: [String], in directory: URL = TestFixtures().repositoryRoot
    ) throws -> SluiceBinary.Outcome {
        try SluiceBinary.run(arguments, in: directory)
    }

    @Test func validateExitsZeroOnTheExamples() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build sluice first")
        let outcome = try run(["validate"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("3 pipelines valid"))
    }

    @Test func validateExitsTwoWithLocatedDiagnostics() throws {
        let project = TestFixtures().directory.appendingPathComponent("broken").path
        let outcome = try run(["validate", "--project", project, "cycle-references", "unknown-step-key"])
        #expect(outcome.status == 2)
        let golden = try ["cycle-references", "unknown-step-key"].map { name in
            try String(
                contentsOf: TestFixtures().directory.appendingPathComponent("broken/expected/pipelines/\(name).txt"),
                encoding: .utf8)
        }
        #expect(outcome.standardError.hasPrefix(golden[0] + golden[1]))
        #expect(outcome.standardError.hasSuffix("2 errors, 0 warnings\n"))
    }

    @Test func validateJSONListsEveryDiagnostic() throws {
        let project = TestFixtures().directory.appendingPathComponent("broken").path
        let outcome = try run(["validate", "--json", "--project", project, "many-problems"])
        #expect(outcome.status == 2)
        let report = try JSONValue(parsing: outcome.standardOutput)
        #expect(report["errors"] == 9)
        #expect(report["diagnostics"]?[0]?["code"] == "unknown-key")
        #expect(report["diagnostics"]?[0]?["line"] == 1)
    }

    @Test func graphPrintsTheGolden() throws {
        let outcome = try run(["graph", "triage", "--format", "mermaid"])
        #expect(outcome.status == 0)
        let golden = try String(
            contentsOf: TestFixtures().directory.appendingPathComponent("golden/graph-triage.mermaid.txt"),
            encoding: .utf8)
        #expect(outcome.standardOutput == golden)
    }

    @Test func listJSONDescribesEachPipeline() throws {
        let outcome = try run(["list", "--json"])
        #expect(outcome.status == 0)
        let list = try JSONValue(parsing: outcome.standardOutput)
        let triage = list.arrayValue?.first { $0["name"] == "triage" }
        #expect(triage?["steps"] == 3)
        #expect(triage?["schedule"] == "*/30 * * * *")
        #expect(triage?["valid"] == true)
    }

    @Test func unknownPipelineIsAnErrorWithAHint() throws {
        let outcome = try run(["graph", "triag"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("did you mean 'triage'?"))
    }

    @Test func promptRendersWithGivenInputs() throws {
        let outcome = try run(["prompt", "summarise", "extract", "-i", "audience=the board"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("Summarise the document below for the board."))
    }
}
