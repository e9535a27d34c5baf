public import SluicePipeline
public import SluiceProviders

/// The model providers this build can call, by the provider name written in model names.
///
/// A model whose provider is not here (today every HTTP provider: `openai`, `anthropic`…) fails
/// its attempt with a non-retryable `provider-unavailable` error and the chain moves on.
public struct ProviderRegistry: Sendable {
    private var providers: [String: any ModelProvider]

    /// A registry answering each name with its provider.
    public init(_ providers: [String: any ModelProvider]) {
        self.providers = providers
    }

    /// The providers a project can use in this build: the embedded `local` provider, under
    /// `local` and under every provider `sluice.yaml` declares with `kind: local`.
    ///
    /// One `local` instance serves the whole run, so its in-flight counter sees every call.
    public static func standard(
        config: ProjectConfig = .default, local: LocalProvider = LocalProvider()
    )
        -> ProviderRegistry
    {
        var providers: [String: any ModelProvider] = ["local": local]
        for (name, settings) in config.providers where settings.kind == .local { providers[name] = local }
        return ProviderRegistry(providers)
    }

    /// The provider serving model names that start with `name/`, if this build can call it.
    public func provider(named name: String) -> (any ModelProvider)? {
        providers[name]
    }
}
