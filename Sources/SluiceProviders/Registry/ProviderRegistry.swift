/// The model providers a run can call, by the provider name written in model names, and why the
/// others cannot be called.
///
/// Build the standard one with ``standard(settings:environment:local:)``; tests build one from the
/// providers they want with ``init(_:unavailable:)``.
public struct ProviderRegistry: Sendable {
    private var providers: [String: any ModelProvider]
    private var unavailable: [String: ProviderError]
    private var settings: [String: ProviderSettings]

    /// A registry answering each name in `providers` with its provider, and each name in
    /// `unavailable` with the error that explains why it cannot be called. `settings` says how
    /// each account is reached, so failures can name the key variable or address to check.
    public init(
        _ providers: [String: any ModelProvider], unavailable: [String: ProviderError] = [:],
        settings: [String: ProviderSettings] = [:]
    ) {
        self.providers = providers
        self.unavailable = unavailable
        self.settings = settings
    }

    /// How the account `name` is reached (its key variable, base URL), when it is configured.
    public func settings(named name: String) -> ProviderSettings? {
        settings[name]
    }

    /// The provider serving `name`, or a non-retryable ``ProviderError`` saying why there is none:
    /// the provider is not configured, this build cannot call it, or its account cannot be used
    /// (a missing key, say). A fallback chain moves on to its next model.
    public func resolve(_ name: String) -> Result<any ModelProvider, ProviderError> {
        if let provider = providers[name] { return .success(provider) }
        if let error = unavailable[name] { return .failure(error) }
        return .failure(
            ProviderError(
                code: .unavailable, message: "no provider named '\(name)' is configured", provider: name,
                isRetryable: false))
    }
}
