import Foundation
import SluiceCore
import SluiceProviders
import SluiceTestSupport

/// A running mock provider server plus what tests need to call it through the real adapters.
final class MockHarness: Sendable {
    /// The key every test provider sends; tests check it never leaks.
    static let key = "sk-mock-test-key-0123456789abcdef"

    /// The mock most tests share (no latency, no limits, no random faults).
    static let shared: MockHarness = {
        do { return try MockHarness() } catch { fatalError("cannot start sluice-mock-provider: \(error)") }
    }()

    let server: MockProviderServer
    let logFile: URL

    init(_ arguments: [String] = []) throws {
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("mock-\(UUID().uuidString).jsonl")
        server = try MockProviderServer.start(arguments + ["--request-log", logFile.path])
    }

    /// A mock of its own, started off the cooperative pool (see ``MockProviderServer/launch(_:)``).
    static func launch(_ arguments: [String] = []) async throws -> MockHarness {
        try await offThePool { try MockHarness(arguments) }
    }

    /// The wire formats under test, by the preset that speaks each.
    enum Dialect: String, CaseIterable, Sendable {
        case openai, anthropic, gemini
    }

    func settings(_ dialect: Dialect, name: String? = nil) -> ProviderSettings {
        let kind: ProviderSettings.Kind =
            switch dialect {
            case .openai: .openai
            case .anthropic: .anthropic
            case .gemini: .gemini
            }
        let path = dialect == .gemini ? "/v1beta" : "/v1"
        let variable = dialect == .gemini ? "GEMINI_API_KEY" : "\(dialect.rawValue.uppercased())_API_KEY"
        return ProviderSettings(
            name: name ?? dialect.rawValue, kind: kind, baseURL: server.baseURL + path,
            apiKeyEnvironmentVariable: variable, maximumConcurrency: 16)
    }

    func provider(
        _ dialect: Dialect, name: String? = nil, environment: [String: String]? = nil,
        timeouts: HTTPTimeouts = HTTPTimeouts(), maximumConnections: Int = 16
    ) -> HTTPModelProvider {
        let environment =
            environment ?? [
                "OPENAI_API_KEY": Self.key, "ANTHROPIC_API_KEY": Self.key, "GEMINI_API_KEY": Self.key,
                "OLLAMA_API_KEY": Self.key,
            ]
        return HTTPModelProvider(
            settings: settings(dialect, name: name), keys: ProviderKeys(environment: environment, projectRoot: nil),
            transport: URLSessionTransport(maximumConnections: maximumConnections, timeouts: timeouts),
            redactor: SecretRedactor(knownSecrets: [Self.key]))
    }

    /// The request-log entries whose last user message contains `marker`.
    func requests(containing marker: String) throws -> [JSONValue] {
        let text = try String(contentsOf: logFile, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
            .filter { $0["body"]?.formatted(.compact).contains(marker) ?? false }
    }

    /// The mock's `/_mock/stats` counters.
    func stats() async throws -> JSONValue {
        let transport = URLSessionTransport(maximumConnections: 1)
        guard let url = URL(string: server.baseURL + "/_mock/stats") else { return .null }
        let response = try await transport.send(ProviderHTTPRequest(method: "GET", url: url, headers: [:], body: []))
        return try JSONValue(parsing: try await response.collectBody())
    }
}
