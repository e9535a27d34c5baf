public import Foundation
public import Logging
public import SluiceCore

extension ProviderRegistry {
    /// The providers a project can use, built from the providers' settings (the built-in presets
    /// merged with `providers:` in `sluice.yaml`) and the environment that holds their keys.
    ///
    /// The same as ``standard(settings:keys:local:logger:)`` with keys read from `environment`
    /// and, when `projectRoot` is given, its `.env` file.
    public static func standard(
        settings: [String: ProviderSettings],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        projectRoot: URL? = nil,
        local: LocalProvider = LocalProvider()
    ) -> ProviderRegistry {
        standard(
            settings: settings, keys: ProviderKeys(environment: environment, projectRoot: projectRoot), local: local)
    }

    /// The providers a project can use: the one place where providers are made.
    ///
    /// `local` answers under `local` and under every provider declared with `kind: local`, one
    /// instance for the whole run so its in-flight counter sees every call. Every HTTP provider
    /// gets its own ``URLSessionTransport`` (one session per account, allowing as many
    /// connections as its `max_concurrency`, 64 when unset) and an ``HTTPModelProvider``
    /// speaking its kind's dialect. A provider whose key is missing is listed as unavailable
    /// with the ``ProviderError/Code/authentication`` error naming the variable, so a step on it
    /// fails before any request and its fallback chain moves on. The providers redact their logs
    /// and errors with `redactor`, the run's one redactor; without one, with a redactor that knows
    /// every key loaded.
    public static func standard(
        settings: [String: ProviderSettings], keys: ProviderKeys, redactor: SecretRedactor? = nil,
        local: LocalProvider = LocalProvider(), logger: Logger = Logger(label: "sluice.providers")
    ) -> ProviderRegistry {
        var providers: [String: any ModelProvider] = ["local": local]
        var unavailable: [String: ProviderError] = [:]
        let redactor = redactor ?? SecretRedactor(knownSecrets: keys.loadedSecrets(for: settings.values))
        for (name, provider) in settings {
            switch provider.kind {
            case .local:
                providers[name] = local
            case .openai, .anthropic, .gemini:
                do {
                    _ = try keys.key(for: provider)
                } catch {
                    unavailable[name] = error
                    continue
                }
                let transport = URLSessionTransport(
                    maximumConnections: provider.maximumConcurrency ?? 64,
                    timeouts: HTTPTimeouts(total: provider.timeout))
                providers[name] = HTTPModelProvider(
                    settings: provider, keys: keys, transport: transport, redactor: redactor, logger: logger)
            }
        }
        return ProviderRegistry(providers, unavailable: unavailable, settings: settings)
    }
}
