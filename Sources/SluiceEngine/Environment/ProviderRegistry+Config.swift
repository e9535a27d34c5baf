public import Foundation
public import SluicePipeline
public import SluiceProviders

extension ProviderRegistry {
    /// The standard registry for a project: its `sluice.yaml` provider settings (presets
    /// included) and the environment that holds the keys (without a project `.env`).
    public static func standard(
        config: ProjectConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        local: LocalProvider = LocalProvider()
    ) -> ProviderRegistry {
        standard(settings: config.providers, environment: environment, local: local)
    }

    /// The standard registry for a project, with keys already loaded (environment and `.env`),
    /// so the caller can give the same keys to the store's redactor.
    public static func standard(
        config: ProjectConfig, keys: ProviderKeys, local: LocalProvider = LocalProvider()
    ) -> ProviderRegistry {
        standard(settings: config.providers, keys: keys, local: local)
    }
}
