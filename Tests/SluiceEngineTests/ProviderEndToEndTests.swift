import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// Runs the built `sluice` binary on pipelines whose models are on every HTTP provider preset,
/// each pointed at `sluice-mock-provider` on loopback through `sluice.yaml` base URLs.
@Suite(.timeLimit(.minutes(5)))
struct ProviderEndToEndTests {
    /// Key values shaped unlike any real key, so only the run's own redactor can hide them.
    static let keys = [
        "OPENAI_API_KEY": "e2e-openai-secret-4f9a2c71", "ANTHROPIC_API_KEY": "e2e-anthropic-secret-9b1d03",
        "GEMINI_API_KEY": "e2e-gemini-secret-5c7e88", "OPENROUTER_API_KEY": "e2e-openrouter-secret-2a6f19",
    ]
    /// Read from the project's `.env` rather than the environment.
    static let dotEnvKey = ("GROQ_API_KEY", "e2e-groq-dotenv-secret-7d3b55")

    static let pipeline = """
        description: One step on each provider preset.
        steps:
          openai:
            model: openai/gpt-4.1-mini
            prompt: Hello from openai.
          anthropic:
            model: anthropic/claude-sonnet-4-5
            stream: true
            prompt: Hello from anthropic.
          gemini:
            model: gemini/gemini-2.5-flash
            prompt: Give one fact.
            output:
              schema:
                type: object
                properties:
                  fact: { type: string }
                required: [fact]
          groq:
            model: groq/llama-3.3-70b
            stream: true
            prompt: Hello from groq.
          openrouter:
            model: openrouter/openai/gpt-4.1-mini
            prompt: Hello from openrouter.
          ollama:
            model: ollama/llama3.2
            stream: true
            prompt: Hello from ollama.
        outputs:
          openai: steps.openai.output
          anthropic: steps.anthropic.output
          gemini: steps.gemini.output
          groq: steps.groq.output
          openrouter: steps.openrouter.output
          ollama: steps.ollama.output
        """

    /// A project whose every provider preset points at `mock`.
    static func project(mock: MockProviderServer) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-providers-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        let base = mock.baseURL
        let config = """
            providers:
              openai: { base_url: \(base)/v1 }
              anthropic: { base_url: \(base)/v1 }
              gemini: { base_url: \(base)/v1beta }
              groq: { base_url: \(base)/openai/v1 }
              openrouter: { base_url: \(base)/api/v1 }
              ollama: { base_url: \(base)/v1 }
            """
        try config.write(to: root.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        try pipeline.write(
            to: root.appendingPathComponent("pipelines/providers.yaml"), atomically: true, encoding: .utf8)
        try "\(dotEnvKey.0)=\(dotEnvKey.1)\n".write(
            to: root.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        return root
    }

    /// Every byte the run left in the project's store folder.
    static func storeBytes(in project: URL) throws -> String {
        let folder = project.appendingPathComponent(".sluice")
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            text += String(decoding: data, as: UTF8.self)
        }
        return text
    }

    @Test("a pipeline runs on openai, anthropic, gemini, groq, openrouter and ollama models against the mock")
    func everyPresetAgainstTheMock() throws {
        let fixture = try MockProject()
        let (mock, project, logFile) = (fixture.mock, fixture.root, fixture.logFile)
        var environment = Self.keys
        environment["SLUICE_LOG"] = "trace"
        let outcome = try SluiceBinary.run(["run", "providers", "--json"], in: project, environment: environment)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let outputs = try #require(try JSONValue(parsing: outcome.standardOutput)["outputs"])
        #expect(outputs["openai"] == "Mock reply from gpt-4.1-mini: Hello from openai.")
        #expect(outputs["anthropic"] == "Mock reply from claude-sonnet-4-5: Hello from anthropic.")
        #expect(outputs["gemini"]?["fact"]?.stringValue != nil)
        #expect(outputs["groq"] == "Mock reply from llama-3.3-70b: Hello from groq.")
        #expect(outputs["openrouter"] == "Mock reply from openai/gpt-4.1-mini: Hello from openrouter.")
        #expect(outputs["ollama"] == "Mock reply from llama3.2: Hello from ollama.")

        let requests = try String(contentsOf: logFile, encoding: .utf8).split(separator: "\n")
            .map { try JSONValue(parsing: String($0)) }
        #expect(
            Set(requests.compactMap { $0["path"]?.stringValue }) == [
                "/v1/chat/completions", "/v1/messages", "/v1beta/models/gemini-2.5-flash:generateContent",
                "/openai/v1/chat/completions", "/api/v1/chat/completions",
            ])
        #expect(requests.count == 6)

        // The trace log shows the wire, and nothing anywhere holds a key.
        #expect(outcome.standardError.contains("POST \(mock.baseURL)/v1/messages"))
        #expect(outcome.standardError.contains("status=200"))
        let everything = outcome.standardOutput + outcome.standardError + (try Self.storeBytes(in: project))
        for key in Array(Self.keys.values) + [Self.dotEnvKey.1] {
            #expect(!everything.contains(key), "a key reached the run's output")
        }
    }

    @Test("keys a run loaded, from the environment or .env, are scrubbed from what the store records")
    func loadedKeysReachTheRedactor() throws {
        let fixture = try MockProject()
        let project = fixture.root
        let leaky = """
            description: A prompt that (wrongly) holds keys.
            steps:
              echo:
                model: openai/gpt-4.1-mini
                prompt: "keys {{ inputs.note }}"
            inputs:
              note: { type: string }
            outputs:
              echo: steps.echo.output
            """
        try leaky.write(to: project.appendingPathComponent("pipelines/leaky.yaml"), atomically: true, encoding: .utf8)
        let note = "\(Self.keys["OPENAI_API_KEY"] ?? "") and \(Self.dotEnvKey.1)"
        let outcome = try SluiceBinary.run(
            ["run", "leaky", "-i", "note=\(note)", "--quiet"], in: project, environment: Self.keys)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let store = try Self.storeBytes(in: project)
        #expect(store.contains("[REDACTED]"))
        #expect(!store.contains(Self.keys["OPENAI_API_KEY"] ?? "?"))
        #expect(!store.contains(Self.dotEnvKey.1))
    }

    @Test("a model on a provider without its key fails before any request, naming the variable")
    func missingKey() throws {
        let fixture = try MockProject()
        let (project, logFile) = (fixture.root, fixture.logFile)
        let outcome = try SluiceBinary.run(["run", "providers"], in: project, environment: [:])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("OPENAI_API_KEY is not set"))
        #expect(outcome.standardError.contains("ANTHROPIC_API_KEY is not set"))
        #expect(outcome.standardError.contains("GEMINI_API_KEY or GOOGLE_API_KEY is not set"))
        let requests = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        #expect(!requests.contains("/v1/messages"))
    }

    @Test("sluice providers shows where each key is set, never its value; --check calls each provider once")
    func providersCommand() throws {
        let fixture = try MockProject()
        let (mock, project, logFile) = (fixture.mock, fixture.root, fixture.logFile)
        let environment = ["OPENAI_API_KEY": Self.keys["OPENAI_API_KEY"] ?? ""]
        let list = try SluiceBinary.run(["providers"], in: project, environment: environment)
        #expect(list.status == 0, "\(list.standardError)")
        let lines = list.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("openai ") && $0.contains("OPENAI_API_KEY set (environment)") })
        #expect(lines.contains { $0.hasPrefix("groq ") && $0.contains("GROQ_API_KEY set (.env)") })
        #expect(lines.contains { $0.hasPrefix("anthropic ") && $0.contains("ANTHROPIC_API_KEY missing") })
        #expect(
            lines.contains { $0.hasPrefix("ollama ") && $0.contains("not needed") && $0.contains("\(mock.baseURL)/v1") }
        )

        let checked = try SluiceBinary.run(["providers", "--check"], in: project, environment: environment)
        #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")
        #expect(checked.standardOutput.contains("ok       openai: gpt-4.1-mini answered in"))
        #expect(checked.standardOutput.contains("ok       groq: llama-3.1-8b-instant answered in"))
        #expect(checked.standardOutput.contains("skipped  anthropic: no API key for provider 'anthropic'"))
        #expect(checked.standardOutput.contains("skipped  ollama: no model to try"))
        for output in [list.standardOutput, checked.standardOutput, checked.standardError] {
            #expect(!output.contains(Self.keys["OPENAI_API_KEY"] ?? "?"))
            #expect(!output.contains(Self.dotEnvKey.1))
        }
        let requests = try String(contentsOf: logFile, encoding: .utf8).split(separator: "\n")
        #expect(requests.count == 2)
    }

    @Test("http_proxy sends provider requests through the proxy")
    func proxyFromEnvironment() throws {
        // The mock stands in for the proxy: the base URL's host does not resolve, so only the
        // proxy can have delivered the request.
        let fixture = try MockProject()
        let (mock, project, logFile) = (fixture.mock, fixture.root, fixture.logFile)
        try "providers:\n  ollama: { base_url: http://provider.invalid/v1 }\n".write(
            to: project.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        let pipeline = """
            description: One call through a proxy.
            steps:
              hello:
                model: ollama/llama3.2
                prompt: Hello through the proxy.
            outputs:
              hello: steps.hello.output
            """
        try pipeline.write(
            to: project.appendingPathComponent("pipelines/proxied.yaml"), atomically: true, encoding: .utf8)
        let outcome = try SluiceBinary.run(
            ["run", "proxied", "--json", "--quiet"], in: project,
            environment: ["http_proxy": mock.baseURL, "no_proxy": ""])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(
            try JSONValue(parsing: outcome.standardOutput)["outputs"]?["hello"]
                == "Mock reply from llama3.2: Hello through the proxy.")
        let log = try String(contentsOf: logFile, encoding: .utf8)
        #expect(log.contains("chat/completions"))
    }

    @Test("--verbose logs each request's line without bodies; SLUICE_LOG=trace adds the redacted bodies")
    func verboseLogging() throws {
        let fixture = try MockProject()
        let leaky = """
            description: One call.
            steps:
              hello:
                model: openai/gpt-4.1-mini
                prompt: "Hello, {{ inputs.note }}"
            inputs:
              note: { type: string }
            outputs:
              hello: steps.hello.output
            """
        try leaky.write(
            to: fixture.root.appendingPathComponent("pipelines/hello.yaml"), atomically: true, encoding: .utf8)
        let key = Self.keys["OPENAI_API_KEY"] ?? "?"
        let verbose = try SluiceBinary.run(
            ["run", "hello", "-i", "note=\(key)", "--quiet", "--verbose"], in: fixture.root, environment: Self.keys)
        #expect(verbose.status == 0, "\(verbose.standardError)")
        #expect(verbose.standardError.contains("POST \(fixture.mock.baseURL)/v1/chat/completions"))
        #expect(verbose.standardError.contains("status=200"))
        #expect(verbose.standardError.contains("first_byte="))
        #expect(!verbose.standardError.contains("request body"))
        // --no-cache: the same run again would otherwise be answered from the cache, with no request to log.
        let trace = try SluiceBinary.run(
            ["run", "hello", "-i", "note=\(key)", "--quiet", "--no-cache"], in: fixture.root,
            environment: Self.keys.merging(["SLUICE_LOG": "trace"]) { _, new in new })
        #expect(trace.standardError.contains("request body"))
        #expect(trace.standardError.contains("Hello, [REDACTED]"))
        #expect(!trace.standardError.contains(key))
    }
}

/// A running mock, a project whose presets all point at it, and the mock's request log; the
/// project folder is removed when the fixture goes away.
final class MockProject {
    let mock: MockProviderServer
    let root: URL
    let logFile: URL

    init() throws {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID()).jsonl")
        mock = try MockProviderServer.start(["--request-log", logFile.path])
        root = try ProviderEndToEndTests.project(mock: mock)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.removeItem(at: logFile)
    }
}
