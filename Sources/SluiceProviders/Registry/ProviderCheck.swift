/// One tiny request to a provider, to show its key, address and model work: what
/// `sluice providers --check` runs.
public enum ProviderCheck {
    /// A cheap model per preset, used when `sluice.yaml` names none for the provider.
    public static let defaultModels = [
        "openai": "gpt-4.1-mini", "anthropic": "claude-haiku-4-5", "gemini": "gemini-2.5-flash",
        "groq": "llama-3.1-8b-instant", "openrouter": "openai/gpt-4.1-mini",
    ]

    /// How one check went.
    public enum Outcome: Sendable {
        /// The provider answered; the model it named and the time it took.
        case answered(model: String, latency: Duration)
        /// The call failed.
        case failed(ProviderError)
        /// Nothing was sent, and why.
        case skipped(String)
    }

    /// The model to try for `provider`: the first `provider/model` in the aliases, else the preset's.
    public static func model(for provider: String, aliases: [String: [String]]) -> String? {
        for name in aliases.keys.sorted() {
            for target in aliases[name] ?? [] where target.hasPrefix(provider + "/") {
                return String(target.dropFirst(provider.count + 1))
            }
        }
        return defaultModels[provider]
    }

    /// Sends `ping` with a one-token limit to `model` on `provider` and reports the outcome.
    public static func run(_ provider: any ModelProvider, model: String) async -> Outcome {
        let request = ModelRequest(model: model, messages: [.user("ping")], maxTokens: 1)
        let clock = ContinuousClock()
        let began = clock.now
        var answered = model
        do {
            for try await event in provider.stream(request) {
                if case .started(let info) = event, let name = info.model { answered = name }
            }
            return .answered(model: answered, latency: clock.now - began)
        } catch let error as ProviderError {
            return .failed(error)
        } catch {
            return .skipped("cancelled")
        }
    }
}
