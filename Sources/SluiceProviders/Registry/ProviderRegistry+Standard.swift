public import Foundation

extension ProviderRegistry {
    /// The providers a project can use in this build, built from the providers' settings (the
    /// built-in presets merged with `providers:` in `sluice.yaml`) and the environment that holds
    /// their keys.
    ///
    /// This is the one place where providers are made: `local` answers under `local` and under
    /// every provider declared with `kind: local`, one instance for the whole run so its in-flight
    /// counter sees every call. Providers of an HTTP kind are listed as unavailable (code
    /// `unavailable`) until the HTTP adapters are built here from the same settings and
    /// environment.
    public static func standard(
        settings: [String: ProviderSettings],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        local: LocalProvider = LocalProvider()
    ) -> ProviderRegistry {
        var providers: [String: any ModelProvider] = ["local": local]
        var unavailable: [String: ProviderError] = [:]
        for (name, provider) in settings {
            switch provider.kind {
            case .local:
                providers[name] = local
            case .openai, .anthropic, .gemini:
                unavailable[name] = ProviderError(
                    code: .unavailable, message: "HTTP providers are not yet available in this build",
                    provider: name, isRetryable: false)
            }
        }
        return ProviderRegistry(providers, unavailable: unavailable)
    }
}
