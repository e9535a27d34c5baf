public import Foundation
public import SluiceCore
import Testing

/// A scratch project whose `openai` and `anthropic` providers are one `sluice-mock-provider` on
/// loopback, with the mock's request log, which tests read to count and identify the calls
/// `sluice` made. The mock is stopped and the folder removed when the project goes away.
///
/// Starting the mock and running `sluice` block a thread, so both happen off the cooperative pool.
public final class LoopbackProject: Sendable {
    /// The key sent to the `openai` provider; shaped unlike a real key.
    public static let key = "mock-project-key-31c9"

    /// The provider key variables every `sluice` the project runs gets, unless a test sets its own.
    public static let keys = ["OPENAI_API_KEY": key, "ANTHROPIC_API_KEY": "mock-project-anthropic-key"]

    /// The project folder (holding `sluice.yaml` and `pipelines/`).
    public let root: URL
    /// The mock both providers point at.
    public let mock: MockProviderServer
    /// The mock's request log: one JSON object a line, in arrival order.
    public let requestLog: URL

    /// A project holding `pipelines` (name → YAML), its mock started with `mockArguments`;
    /// `config` is appended to the `sluice.yaml` that points `openai` and `anthropic` at the mock.
    public static func start(
        pipelines: [String: String], config: String = "", mockArguments: [String] = []
    ) async throws -> LoopbackProject {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-loopback-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        let requestLog = root.appendingPathComponent("mock-requests.jsonl")
        let mock = try await offThePool {
            try MockProviderServer.start(mockArguments + ["--request-log", requestLog.path])
        }
        let project = LoopbackProject(root: root, mock: mock, requestLog: requestLog)
        try project.write(
            """
            providers:
              openai: { base_url: \(mock.baseURL)/v1 }
              anthropic: { base_url: \(mock.baseURL)/v1 }
            \(config)
            """, to: "sluice.yaml")
        for (name, text) in pipelines { try project.write(text, to: "pipelines/\(name).yaml") }
        return project
    }

    private init(root: URL, mock: MockProviderServer, requestLog: URL) {
        self.root = root
        self.mock = mock
        self.requestLog = requestLog
    }

    deinit {
        mock.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes `text` to `path` under the project, making folders as needed.
    public func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `sluice ARGUMENTS` in the project to the end, off the cooperative pool, with
    /// `environment` (``keys`` unless given) on top of this process's environment.
    @discardableResult
    public func sluice(
        _ arguments: [String], environment: [String: String] = LoopbackProject.keys
    ) async throws -> SluiceBinary.Outcome {
        let root = root
        return try await offThePool { try SluiceBinary.run(arguments, in: root, environment: environment) }
    }

    /// The requests the mock has logged so far, in arrival order.
    public func requests() throws -> [JSONValue] {
        let text = (try? String(contentsOf: requestLog, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    /// The last user message of a logged request: the prompt that identifies the work it was for.
    public static func prompt(of request: JSONValue) -> String {
        let messages = request.objectValue?["body"]?.objectValue?["messages"]?.arrayValue ?? []
        return messages.last { $0.objectValue?["role"] == "user" }?.objectValue?["content"]?.stringValue ?? ""
    }

    /// `sluice show RUN --json` of the run whose `sluice run --json` printed `runOutput`.
    public func shownRun(from runOutput: String) async throws -> JSONValue {
        let run = try #require(try JSONValue(parsing: runOutput)["run"]?.stringValue)
        let shown = try await sluice(["show", run, "--json"])
        #expect(shown.status == 0, "\(shown.standardError)")
        return try JSONValue(parsing: shown.standardOutput)
    }
}
