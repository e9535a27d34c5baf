import Foundation
import SluiceProviders
import Testing

@Suite("Provider keys")
struct ProviderKeysTests {
    private func settings(_ name: String) throws -> ProviderSettings {
        try #require(ProviderSettings.presets.first { $0.name == name })
    }

    private func project(dotEnv: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try dotEnv.write(to: root.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        return root
    }

    @Test("a key comes from the variable the settings name")
    func fromEnvironment() throws {
        let keys = ProviderKeys(environment: ["OPENAI_API_KEY": "sk-env-value-123"], projectRoot: nil)
        #expect(try keys.key(for: settings("openai")) == "sk-env-value-123")
    }

    @Test(".env supplies keys the environment lacks but never overrides the real environment")
    func dotEnvNeverOverrides() throws {
        let root = try project(
            dotEnv:
                "# keys\nexport OPENAI_API_KEY=\"sk-from-dotenv-1\"\nANTHROPIC_API_KEY='sk-ant-dotenv-2'\nGROQ_API_KEY=gsk_x # note\n"
        )
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = ProviderKeys(environment: ["OPENAI_API_KEY": "sk-real-env-3"], projectRoot: root)
        #expect(try keys.key(for: settings("openai")) == "sk-real-env-3")
        #expect(try keys.key(for: settings("anthropic")) == "sk-ant-dotenv-2")
        #expect(try keys.key(for: settings("groq")) == "gsk_x")
        #expect(keys.lookup(for: try settings("anthropic"))?.source == .dotEnv)
        let secrets = keys.loadedSecrets(for: ProviderSettings.presets)
        #expect(Set(secrets) == ["sk-real-env-3", "sk-ant-dotenv-2", "gsk_x"])
    }

    @Test("Gemini falls back from GEMINI_API_KEY to GOOGLE_API_KEY, GEMINI first")
    func geminiFallback() throws {
        let gemini = try settings("gemini")
        #expect(try ProviderKeys(environment: ["GOOGLE_API_KEY": "g-1"], projectRoot: nil).key(for: gemini) == "g-1")
        let both = ProviderKeys(environment: ["GOOGLE_API_KEY": "g-1", "GEMINI_API_KEY": "g-2"], projectRoot: nil)
        #expect(try both.key(for: gemini) == "g-2")
    }

    @Test("a missing key is an authentication error naming the variable and what to do")
    func missingKey() throws {
        let keys = ProviderKeys(environment: ["OPENAI_API_KEY": ""], projectRoot: nil)
        let error = try #require(throws: ProviderError.self) { try keys.key(for: settings("openai")) }
        #expect(error.code == .authentication)
        #expect(error.message.contains("OPENAI_API_KEY is not set"))
        #expect(error.message.contains(".env"))
        #expect(try keys.key(for: settings("ollama")) == nil)
    }
}
