import SluiceCore
import SluicePipeline
import SluiceProviders
import Testing

@Suite struct ProjectConfigTests {
    @Test func emptyConfigGivesEveryPreset() {
        let (config, diagnostics) = ProjectConfigLoader.load(text: "", file: "sluice.yaml")
        #expect(diagnostics.isEmpty)
        #expect(
            Set(config.providers.keys) == ["openai", "anthropic", "gemini", "openrouter", "groq", "ollama", "local"])
        #expect(config.storePath == ".sluice/sluice.db")
    }

    @Test func bareLocalMeansTheDefaultLocalModelUnlessRedefined() {
        let (config, _) = ProjectConfigLoader.load(text: "", file: "sluice.yaml")
        #expect((try? config.resolveModel("local").get()) == [ModelReference(provider: "local", model: "default")])
        let (redefined, diagnostics) = ProjectConfigLoader.load(
            text: "models:\n  local: local/slow\n", file: "sluice.yaml")
        #expect(diagnostics.isEmpty)
        #expect((try? redefined.resolveModel("local").get()) == [ModelReference(provider: "local", model: "slow")])
    }

    @Test func overridesPresetsAndAddsProviders() {
        let text = """
            providers:
              openai: { rpm: 500, timeout: 30s }
              vllm: { kind: openai, base_url: "http://localhost:8000/v1", api_key_env: VLLM_API_KEY }
            cache: { ttl: 1h }
            """
        let (config, diagnostics) = ProjectConfigLoader.load(text: text, file: "sluice.yaml")
        #expect(diagnostics.isEmpty)
        #expect(config.providers["openai"]?.requestsPerMinute == 500)
        #expect(config.providers["openai"]?.apiKeyEnvironmentVariable == "OPENAI_API_KEY")
        #expect(config.providers["openai"]?.timeout == .seconds(30))
        #expect(config.providers["vllm"]?.kind == .openai)
        #expect(config.cacheTimeToLive == .seconds(3600))
    }

    @Test func eachProviderMaySetWhenItsCircuitBreakerOpensAndForHowLong() {
        let text = """
            providers:
              openai: { rpm: 500, breaker: { failures: 3, cool_down: 2m } }
              anthropic: { breaker: { cool_down: 10s } }
            """
        let (config, diagnostics) = ProjectConfigLoader.load(text: text, file: "sluice.yaml")
        #expect(diagnostics.isEmpty)
        #expect(config.providers["openai"]?.breakerFailures == 3)
        #expect(config.providers["openai"]?.breakerCoolDown == .seconds(120))
        #expect(config.providers["anthropic"]?.breakerFailures == nil)
        #expect(config.providers["anthropic"]?.breakerCoolDown == .seconds(10))
        #expect(config.providers["gemini"]?.breakerCoolDown == nil)
    }

    @Test func badBreakerSettingsAreReportedWhereTheyAreWritten() {
        let text = """
            providers:
              openai: { breaker: { failures: 0, cool_down: 0s } }
              anthropic: { breaker: { failure: 3, cool_down: soon } }
              gemini: { breaker: 5 }
            """
        let (config, diagnostics) = ProjectConfigLoader.load(text: text, file: "sluice.yaml")
        #expect(
            diagnostics.map(\.headline) == [
                "sluice.yaml:2:34: error: 'breaker.failures' must be at least 1, found 0 [invalid-value]",
                "sluice.yaml:2:48: error: 'breaker.cool_down' of provider 'openai' must be longer than zero "
                    + "[invalid-value]",
                "sluice.yaml:3:27: error: unknown key 'failure' in breaker of provider 'anthropic' [unknown-key]",
                "sluice.yaml:3:50: error: invalid duration 'soon' [invalid-duration]",
                "sluice.yaml:4:22: error: expected a mapping with 'failures' and 'cool_down' for 'breaker', found a "
                    + "number [wrong-type]",
            ])
        #expect(diagnostics.dropFirst(2).first?.hint?.contains("'failures'") == true)
        #expect(diagnostics.dropFirst().first?.hint?.contains("cool_down: 30s") == true)
        #expect(config.providers["openai"]?.breakerFailures == nil)
        #expect(config.providers["openai"]?.breakerCoolDown == nil)
    }

    @Test func aliasesExpandIntoOneFlatChainWithoutRepeats() {
        let text = """
            models:
              fast: local/default
              smart: [anthropic/claude-sonnet-4-5, fast]
              careful: [smart, fast, openai/gpt-4.1]
            """
        let (config, diagnostics) = ProjectConfigLoader.load(text: text, file: "sluice.yaml")
        #expect(diagnostics.isEmpty)
        let chain = try? config.resolveModel("careful").get()
        #expect(chain?.map(\.description) == ["anthropic/claude-sonnet-4-5", "local/default", "openai/gpt-4.1"])
        #expect((try? config.resolveModel("openrouter/meta/llama-3").get())?.first?.model == "meta/llama-3")
    }

    @Test func brokenAliasesAreDroppedSoPipelinesSeeThemAsUnknown() {
        let (config, diagnostics) = ProjectConfigLoader.load(text: "models:\n  a: b\n  b: a\n", file: "sluice.yaml")
        #expect(diagnostics.map(\.code) == [.aliasCycle])
        #expect(config.modelAliases == ProjectConfig.default.modelAliases)
    }
}
