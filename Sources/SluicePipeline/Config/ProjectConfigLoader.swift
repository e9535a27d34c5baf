public import SluiceCore
import SluiceProviders

/// Reads `sluice.yaml` into a ``ProjectConfig``, reporting every problem with its location.
public enum ProjectConfigLoader {
    /// The keys a `sluice.yaml` may have at its top level.
    static let topLevelKeys = ["providers", "models", "prices", "store", "cache"]
    static let providerKeys = [
        "kind", "base_url", "api_key_env", "rpm", "tpm", "itpm", "otpm", "max_concurrency", "timeout", "breaker",
    ]

    /// The config in `text` (read from `file`, the path shown in diagnostics), and every problem found.
    ///
    /// The config returned is usable even with errors: broken entries are left out, so pipelines
    /// can still be checked against the rest.
    public static func load(text: String, file: String) -> (config: ProjectConfig, diagnostics: [Diagnostic]) {
        let parsed = YAMLDocumentParser.parse(text: text, file: file)
        var reader = YAMLReader()
        reader.diagnostics = parsed.diagnostics
        var config = ProjectConfig.default
        guard let root = parsed.root, !root.isNull else { return (config, reader.diagnostics) }
        reader.diagnostics += SecretScanner.scan(root)
        guard let entries = reader.mapping(root, for: "sluice.yaml", expected: "a mapping of settings") else {
            return (config, reader.diagnostics)
        }
        reader.checkKeys(entries, allowed: topLevelKeys, in: "sluice.yaml")
        if let node = entries.value("providers") { readProviders(node, into: &config, reader: &reader) }
        var aliasLocations: [String: [SourceLocation]] = [:]
        if let node = entries.value("models") {
            readAliases(node, into: &config, locations: &aliasLocations, reader: &reader)
        }
        if let node = entries.value("prices") { readPrices(node, into: &config, reader: &reader) }
        if let node = entries.value("store"), let store = reader.mapping(node, for: "store") {
            reader.checkKeys(store, allowed: ["path"], in: "store")
            if let path = store.value("path"), let text = reader.string(path, for: "store.path") {
                config.storePath = text
            }
        }
        if let node = entries.value("cache"), let cache = reader.mapping(node, for: "cache") {
            reader.checkKeys(cache, allowed: ["ttl", "max_size_mb"], in: "cache")
            if let ttl = cache.value("ttl") { config.cacheTimeToLive = reader.duration(ttl, for: "cache.ttl") }
            if let size = cache.value("max_size_mb"),
                let megabytes = reader.integer(size, for: "cache.max_size_mb", in: 1...1_000_000)
            {
                config.cacheMaximumMegabytes = megabytes
            }
        }
        // Aliases are checked once everything is read, since they may name providers defined below them.
        var brokenAliases: Set<String> = []
        var reportedCycles: Set<Set<String>> = []
        for alias in config.modelAliases.keys.sorted() {
            guard case .failure(let aliasFailure) = config.resolveModel(alias) else { continue }
            brokenAliases.insert(alias)
            let targets = config.modelAliases[alias] ?? []
            let locations = aliasLocations[alias] ?? []
            if case .cycle(let path) = aliasFailure {
                guard reportedCycles.insert(Set(path)).inserted, let first = locations.first else { continue }
                let location = zip(targets, locations).first { $0.0 == path.dropFirst().first }?.1 ?? first
                reader.report(config.diagnostic(for: aliasFailure, name: alias, at: location))
                continue
            }
            for (target, location) in zip(targets, locations) {
                // A failure inside another alias is reported at that alias, not again here.
                let isAlias = !target.contains("/") && config.modelAliases[target] != nil
                if !isAlias, case .failure(let failure) = config.resolveModel(target) {
                    reader.report(config.diagnostic(for: failure, name: target, at: location))
                }
            }
        }
        for alias in brokenAliases { config.modelAliases[alias] = nil }
        return (config, ProjectLoader.sorted(reader.diagnostics))
    }

    private static func readProviders(_ node: YAMLNode, into config: inout ProjectConfig, reader: inout YAMLReader) {
        guard let providers = reader.mapping(node, for: "providers", expected: "a mapping of provider names")
        else { return }
        for provider in providers {
            guard
                let fields = reader.mapping(
                    provider.value, for: provider.key, expected: "a mapping of provider settings")
            else { continue }
            reader.checkKeys(fields, allowed: providerKeys, in: "provider '\(provider.key)'")
            var settings = config.providers[provider.key]
            if let kindNode = fields.value("kind"), let text = reader.string(kindNode, for: "kind") {
                if let kind = ProviderSettings.Kind(rawValue: text) {
                    settings =
                        settings
                        ?? ProviderSettings(
                            name: provider.key, kind: kind, baseURL: nil, apiKeyEnvironmentVariable: nil)
                    settings?.kind = kind
                } else {
                    let kinds = ProviderSettings.Kind.allCases.map(\.rawValue)
                    reader.report(
                        .error(
                            .invalidValue, "unknown provider kind '\(text)'", at: kindNode.location,
                            hint: NameSuggestion.hint(for: text, in: kinds)
                                ?? "use one of: \(kinds.joined(separator: ", "))"))
                    continue
                }
            }
            guard var settings else {
                let kinds = ProviderSettings.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                let presetHint = NameSuggestion.nearest(to: provider.key, in: ProviderSettings.presets.map(\.name))
                reader.report(
                    .error(
                        .missingField, "provider '\(provider.key)' is not a preset, so it needs 'kind'",
                        at: provider.keyLocation,
                        hint: presetHint.map { "did you mean the preset '\($0)'?" }
                            ?? "add 'kind:' (one of \(kinds)) and 'base_url:'"))
                continue
            }
            if let node = fields.value("base_url") { settings.baseURL = reader.string(node, for: "base_url") }
            if let node = fields.value("api_key_env") {
                if let name = reader.string(node, for: "api_key_env") {
                    if isEnvironmentVariableName(name) || SecretScanner.keyShape(in: name) != nil {
                        settings.apiKeyEnvironmentVariable = name
                    } else {
                        reader.report(
                            .error(
                                .invalidValue, "'api_key_env' names an environment variable, found '\(name)'",
                                at: node.location,
                                hint: "write the variable's name, such as OPENAI_API_KEY, not the key"))
                    }
                }
            }
            let limits = 1...Int.max
            if let node = fields.value("rpm") {
                settings.requestsPerMinute = reader.integer(node, for: "rpm", in: limits)
            }
            if let node = fields.value("tpm") {
                settings.tokensPerMinute = reader.integer(node, for: "tpm", in: limits)
            }
            if let node = fields.value("itpm") {
                settings.inputTokensPerMinute = reader.integer(node, for: "itpm", in: limits)
            }
            if let node = fields.value("otpm") {
                settings.outputTokensPerMinute = reader.integer(node, for: "otpm", in: limits)
            }
            if let node = fields.value("max_concurrency") {
                settings.maximumConcurrency = reader.integer(node, for: "max_concurrency", in: limits)
            }
            if let node = fields.value("timeout") { settings.timeout = reader.duration(node, for: "timeout") }
            if let node = fields.value("breaker") {
                readBreaker(node, of: provider.key, into: &settings, reader: &reader)
            }
            if settings.baseURL == nil, settings.kind != .local {
                reader.report(
                    .error(
                        .missingField, "provider '\(provider.key)' needs 'base_url'", at: provider.keyLocation,
                        hint: "add the API's base address, for example 'base_url: http://localhost:8000/v1'"))
                continue
            }
            config.providers[provider.key] = settings
        }
    }

    private static func readAliases(
        _ node: YAMLNode, into config: inout ProjectConfig, locations: inout [String: [SourceLocation]],
        reader: inout YAMLReader
    ) {
        guard let aliases = reader.mapping(node, for: "models", expected: "a mapping of alias names") else { return }
        for alias in aliases {
            if alias.key.contains("/") {
                reader.report(
                    .error(
                        .invalidValue,
                        "alias '\(alias.key)' contains '/', which is reserved for 'provider/model' names",
                        at: alias.keyLocation, hint: "choose a name without '/'"))
                continue
            }
            guard
                let targets = reader.stringList(
                    alias.value, for: alias.key, expected: "a model name or a list of model names")
            else { continue }
            guard !targets.isEmpty else {
                reader.report(
                    .error(
                        .invalidValue, "alias '\(alias.key)' lists no models", at: alias.value.location,
                        hint: "list at least one 'provider/model'"))
                continue
            }
            config.modelAliases[alias.key] = targets
            locations[alias.key] = alias.value.sequenceElements?.map(\.location) ?? [alias.value.location]
        }
    }

    private static func readPrices(_ node: YAMLNode, into config: inout ProjectConfig, reader: inout YAMLReader) {
        guard let prices = reader.mapping(node, for: "prices", expected: "a mapping of model names to prices") else {
            return
        }
        for price in prices {
            guard
                let fields = reader.mapping(
                    price.value, for: price.key, expected: "a mapping with 'input' and 'output'")
            else { continue }
            reader.checkKeys(fields, allowed: ["input", "output"], in: "price of '\(price.key)'")
            let range = 0...Double.greatestFiniteMagnitude
            var input: Double?
            var output: Double?
            if let node = fields.value("input") { input = reader.number(node, for: "input", in: range) }
            if let node = fields.value("output") { output = reader.number(node, for: "output", in: range) }
            for missing in ["input", "output"] where fields.value(missing) == nil {
                reader.report(
                    .error(
                        .missingField, "price of '\(price.key)' needs '\(missing)'", at: price.keyLocation,
                        hint: "give both 'input' and 'output' in US dollars per million tokens"))
            }
            if let input, let output { config.prices[price.key] = ModelPrice(input: input, output: output) }
        }
    }

    /// Whether `name` is a conventional environment variable name.
    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}
