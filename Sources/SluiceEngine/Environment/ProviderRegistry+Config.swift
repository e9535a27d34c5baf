public import Foundation
public import SluicePipeline
public import SluiceProviders

extension ProviderRegistry {
    /// The standard registry for a project: its `sluice.yaml` provider settings (presets
    /// included) and the process environment that holds the keys.
    public static func standard(
        config: ProjectConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        local: LocalProvider = LocalProvider()
    ) -> ProviderRegistry {
        standard(settings: config.providers, environment: environment, local: local)
    }
}
