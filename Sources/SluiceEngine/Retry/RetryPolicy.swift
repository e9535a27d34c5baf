import SluiceCore
public import SluiceProviders
public import SluiceTraffic

/// Decides what happens after a model attempt fails: wait and ask the same model again, move on
/// to the chain's next model, or fail the step now (docs/running.md, "Retries and fallback").
///
/// - A malformed request (`bad-request`, HTTP 400/413/422) fails the step at once: no model in
///   the chain could accept it (unless the provider said `x-should-retry: true`, which makes any
///   error retryable, as `x-should-retry: false` makes any error not).
/// - An installation that cannot make HTTP requests (`http-library-missing`: the HTTP library or
///   libcurl could not be loaded) fails the step at once: every HTTP model in the chain would
///   fail the same way, and a retry cannot mend a missing file.
/// - Failures tied to one provider or model — a rejected key (401), no permission (403), no such
///   model or path (404), context too long, content filter, quota exhausted, unavailable,
///   unsupported, an unreadable response — move to the next model without a retry.
/// - `overloaded` moves to the next model when there is one, and is retried otherwise.
/// - Transient failures (network, rate limits, 5xx, truncated or stalled streams) are retried up
///   to the step's `retries`. How long each retry waits is ``SluiceTraffic/Backoff``'s business
///   (full jitter under a doubling ceiling, the provider's delay first); a provider delay longer
///   than the backoff's cap is never cut short: the chain moves on (or the step fails when no
///   model is left).
/// - The step's own timeout is not retried: a call that stalled once would likely stall again
///   and cost the timeout each time; the chain moves on instead.
public struct RetryPolicy: Sendable {
    /// The waits between retries: base, cap, and the rule for the provider's own delay.
    public var backoff: Backoff
    /// A random number in `0..<1` for the jitter; tests pass a fixed one.
    public var random: @Sendable () -> Double

    /// A policy; by default 500 ms doubling up to 30 s (``SluiceTraffic/Backoff/standard``), with
    /// real randomness.
    public init(
        backoff: Backoff = .standard,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.backoff = backoff
        self.random = random
    }

    /// What to do after `failure`.
    ///
    /// - Parameters:
    ///   - retriesUsed: How many times this model has already been retried for this step or item.
    ///   - retriesAllowed: The step's `retries`.
    ///   - hasNextModel: Whether the chain has another model to move on to.
    public func decide(
        after failure: AttemptFailure, retriesUsed: Int, retriesAllowed: Int, hasNextModel: Bool
    ) -> RetryDecision {
        func moveOn(_ reason: String) -> RetryDecision {
            hasNextModel ? .fallBack(reason: reason) : .fail(reason: reason)
        }
        let error: ProviderError
        switch failure {
        case .stepTimeout:
            return moveOn("the step's timeout is not retried")
        case .provider(let providerError):
            error = providerError
        }
        switch error.code {
        case .badRequest where !error.isRetryable:
            return .fail(reason: "no model can accept a malformed request")
        case .httpLibraryMissing:
            return .fail(reason: "no HTTP provider can be called until the installation is repaired")
        case .overloaded where hasNextModel:
            return .fallBack(reason: "the provider is overloaded")
        default:
            break
        }
        guard error.isRetryable else { return moveOn("\(error.code) is not worth retrying on the same model") }
        guard retriesUsed < retriesAllowed else {
            return moveOn("no retries left (retries: \(retriesAllowed))")
        }
        switch backoff.delay(beforeRetry: retriesUsed + 1, serverDelay: error.retryAfter, fraction: random()) {
        case .wait(let delay):
            return .retry(after: delay)
        case .beyondCap(let asked):
            return moveOn(
                "the provider asked to wait \(asked.readable), longer than the retry cap of \(backoff.cap.readable)")
        }
    }

    /// Whether `error` means the account itself is unusable until a person fixes its settings
    /// (a rejected key, an address with no such endpoint), so the run stops trying it.
    public func disablesAccount(_ error: ProviderError) -> Bool {
        error.code == .authentication || error.code == .endpointNotFound
    }
}
