import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// A project folder whose `openai` provider is a `sluice-mock-provider` on loopback, with a
/// request log the tests read to count and identify the calls `sluice` made.
struct LoopbackProject {
    let root: URL
    let mock: MockProviderServer
    let requestLog: URL

    /// A project holding `pipelines` (name → YAML), its mock started with `mockArguments`;
    /// `config` is added to the `sluice.yaml` that points `openai` at it. The mock is started off
    /// the cooperative pool: waiting for it to listen blocks a thread.
    static func start(
        pipelines: [String: String], config: String = "", mockArguments: [String] = []
    ) async throws -> LoopbackProject {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-loopback-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        let requestLog = root.appendingPathComponent("mock-requests.jsonl")
        let mock = try await offThePool {
            try MockProviderServer.start(mockArguments + ["--request-log", requestLog.path])
        }
        let project = LoopbackProject(root: root, mock: mock, requestLog: requestLog)
        try project.write("providers:\n  openai: { base_url: \(mock.baseURL)/v1 }\n" + config, to: "sluice.yaml")
        for (name, text) in pipelines { try project.write(text, to: "pipelines/\(name).yaml") }
        return project
    }

    /// Writes `text` to `path` under the project, making folders as needed.
    func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `sluice ARGUMENTS` in the project to the end, with a fake OpenAI key, off the
    /// cooperative pool.
    @discardableResult
    func sluice(_ arguments: [String]) async throws -> SluiceBinary.Outcome {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let root = root
        return try await offThePool {
            try SluiceBinary.run(arguments, in: root, environment: ["OPENAI_API_KEY": LoopbackProject.key])
        }
    }

    /// The key the project's runs send; shaped unlike a real key.
    static let key = "mock-project-key-31c9"

    /// The requests the mock has logged so far, in arrival order.
    func requests() throws -> [JSONValue] {
        let text = (try? String(contentsOf: requestLog, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    /// The last user message of a logged request: the prompt that identifies the work it was for.
    static func prompt(of request: JSONValue) -> String {
        let messages = request.objectValue?["body"]?.objectValue?["messages"]?.arrayValue ?? []
        return messages.last { $0.objectValue?["role"] == "user" }?.objectValue?["content"]?.stringValue ?? ""
    }

    /// Removes the project folder.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
