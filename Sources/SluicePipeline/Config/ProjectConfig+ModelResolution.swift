public import SluiceCore

extension ProjectConfig {
    /// Why a model name did not resolve.
    public enum ModelResolutionFailure: Error, Sendable, Hashable {
        /// `provider/…` names a provider that does not exist.
        case unknownProvider(String)
        /// A bare name that is not an alias.
        case unknownAlias(String)
        /// Aliases that refer back to themselves; the path starts and ends with the same alias.
        case cycle([String])
        /// `provider/` with nothing after the slash, or an empty name.
        case malformed(String)
    }

    /// The fallback chain a model name stands for: itself, or an alias expanded (recursively, in order, without repeats).
    public func resolveModel(_ name: String) -> Result<[ModelReference], ModelResolutionFailure> {
        var chain: [ModelReference] = []
        if let failure = expand(name, path: [], into: &chain) { return .failure(failure) }
        return .success(chain)
    }

    private func expand(
        _ name: String, path: [String], into chain: inout [ModelReference]
    )
        -> ModelResolutionFailure?
    {
        if let slash = name.firstIndex(of: "/") {
            let provider = String(name[..<slash])
            let model = String(name[name.index(after: slash)...])
            guard !provider.isEmpty, !model.isEmpty else { return .malformed(name) }
            guard providers[provider] != nil else { return .unknownProvider(provider) }
            let reference = ModelReference(provider: provider, model: model)
            if !chain.contains(reference) { chain.append(reference) }
            return nil
        }
        guard !name.isEmpty else { return .malformed(name) }
        guard let targets = modelAliases[name] else { return .unknownAlias(name) }
        if let start = path.firstIndex(of: name) { return .cycle(Array(path[start...]) + [name]) }
        for target in targets {
            if let failure = expand(target, path: path + [name], into: &chain) { return failure }
        }
        return nil
    }

    /// A located diagnostic for `failure`, raised by `name` written at `location`.
    public func diagnostic(
        for failure: ModelResolutionFailure, name: String, at location: SourceLocation
    )
        -> Diagnostic
    {
        switch failure {
        case .unknownProvider(let provider):
            let known = providers.keys.sorted()
            let suggestion = NameSuggestion.nearest(to: provider, in: known)
            let hint =
                suggestion.map { "did you mean '\($0)/…'? Known providers: \(known.joined(separator: ", "))" }
                ?? "known providers: \(known.joined(separator: ", ")); add others under 'providers:' in sluice.yaml"
            return .error(
                .unknownProvider, "model '\(name)' names unknown provider '\(provider)'", at: location, hint: hint)
        case .unknownAlias(let alias):
            let hint =
                NameSuggestion.hint(for: alias, in: modelAliases.keys.sorted())
                ?? "write 'provider/model' (for example 'local/default' or 'openai/gpt-4.1-mini') or define the alias under 'models:' in sluice.yaml"
            let message =
                alias == name
                ? "unknown model '\(name)'" : "model alias '\(name)' refers to unknown model '\(alias)'"
            return .error(.unknownModel, message, at: location, hint: hint)
        case .cycle(let path):
            return .error(
                .aliasCycle, "model aliases refer to each other in a circle: \(path.joined(separator: " → "))",
                at: location, hint: "make one alias in the circle name 'provider/model' models only")
        case .malformed(let text):
            return .error(
                .unknownModel, "'\(text)' is not a model name", at: location,
                hint: "write 'provider/model', for example 'local/default', or the name of an alias")
        }
    }
}
