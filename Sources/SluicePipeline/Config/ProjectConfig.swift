public import SluiceProviders

/// The project's `sluice.yaml`, merged over the built-in presets: providers, model aliases, prices, store.
///
/// An absent file gives ``ProjectConfig/default``: every preset provider, no aliases, no prices,
/// the store at `.sluice/sluice.db` and cached results that never expire.
public struct ProjectConfig: Sendable {
    /// Every provider by name: the presets, with `providers:` applied over them.
    public var providers: [String: ProviderSettings]
    /// Model aliases by name, as written (each element a `provider/model` or another alias).
    public var modelAliases: [String: [String]]
    /// Prices by `provider/model`.
    public var prices: [String: ModelPrice]
    /// The SQLite store's path, relative to the project root.
    public var storePath: String
    /// How long a cached step result stays usable; `nil` keeps it until cleared.
    public var cacheTimeToLive: Duration?
    /// The most megabytes of cached results `sluice cache prune` leaves (`cache: { max_size_mb: … }`).
    public var cacheMaximumMegabytes = ProjectConfig.defaultCacheMaximumMegabytes

    /// The size cap of the response cache when sluice.yaml sets none.
    public static let defaultCacheMaximumMegabytes = 256

    /// A config with every field given.
    public init(
        providers: [String: ProviderSettings], modelAliases: [String: [String]], prices: [String: ModelPrice],
        storePath: String, cacheTimeToLive: Duration?
    ) {
        self.providers = providers
        self.modelAliases = modelAliases
        self.prices = prices
        self.storePath = storePath
        self.cacheTimeToLive = cacheTimeToLive
    }

    /// The config used when the project has no `sluice.yaml`.
    ///
    /// Its one built-in alias, `local` → `local/default`, lets a pipeline say `model: local`;
    /// a `models:` entry of the same name in `sluice.yaml` replaces it.
    public static let `default` = ProjectConfig(
        providers: Dictionary(uniqueKeysWithValues: ProviderSettings.presets.map { ($0.name, $0) }),
        modelAliases: ["local": ["local/default"]], prices: [:], storePath: ".sluice/sluice.db",
        cacheTimeToLive: nil)
}
