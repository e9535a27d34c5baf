import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// A project with one pipeline whose `openai` and `anthropic` providers point at a running
/// `sluice-mock-provider`, and the mock's request log; removed when the fixture goes away.
///
/// Starting the mock and running `sluice` block a thread, so both happen off the cooperative pool.
final class MockPipelineProject: Sendable {
    static let keys = ["OPENAI_API_KEY": "structured-openai-test-key", "ANTHROPIC_API_KEY": "structured-anthropic-key"]

    let mock: MockProviderServer
    let root: URL
    let logFile: URL

    /// `pipelines/NAME.yaml` holding `pipeline`; `config` is added to `sluice.yaml`; the mock gets `mockArguments`.
    static func start(
        name: String, pipeline: String, config: String = "", mockArguments: [String] = []
    ) async throws -> MockPipelineProject {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("structured-\(UUID()).jsonl")
        let mock = try await offThePool {
            try MockProviderServer.start(["--request-log", logFile.path] + mockArguments)
        }
        return try MockPipelineProject(
            name: name, pipeline: pipeline, config: config, mock: mock, logFile: logFile)
    }

    private init(name: String, pipeline: String, config: String, mock: MockProviderServer, logFile: URL) throws {
        self.mock = mock
        self.logFile = logFile
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-structured-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        let settings = """
            providers:
              openai: { base_url: \(mock.baseURL)/v1 }
              anthropic: { base_url: \(mock.baseURL)/v1 }
            \(config)
            """
        try settings.write(to: root.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        try pipeline.write(
            to: root.appendingPathComponent("pipelines/\(name).yaml"), atomically: true, encoding: .utf8)
    }

    deinit {
        mock.stop()
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.removeItem(at: logFile)
    }

    /// `sluice ARGUMENTS` in the project, with the test keys.
    func sluice(_ arguments: [String]) async throws -> SluiceBinary.Outcome {
        let root = root
        return try await offThePool { try SluiceBinary.run(arguments, in: root, environment: Self.keys) }
    }

    /// Every request the mock received, in order.
    func requests() throws -> [JSONValue] {
        guard FileManager.default.fileExists(atPath: logFile.path) else { return [] }
        return try String(contentsOf: logFile, encoding: .utf8).split(separator: "\n")
            .map { try JSONValue(parsing: String($0)) }
    }

    /// `sluice show RUN --json` of the run whose `sluice run --json` printed `runOutput`.
    func shownRun(from runOutput: String) async throws -> JSONValue {
        let run = try #require(try JSONValue(parsing: runOutput)["run"]?.stringValue)
        let shown = try await sluice(["show", run, "--json"])
        #expect(shown.status == 0, "\(shown.standardError)")
        return try JSONValue(parsing: shown.standardOutput)
    }
}
