public import SluiceProviders

/// Why a model attempt failed, as ``RetryPolicy`` sees it: the provider said so, or the step's
/// own timeout ran out (which is not retried, unlike a provider's timeout or a stalled stream).
public enum AttemptFailure: Sendable, Hashable {
    /// The provider failed the call, classified by its code.
    case provider(ProviderError)
    /// No complete response arrived within the step's `timeout`.
    case stepTimeout(Duration)
}
