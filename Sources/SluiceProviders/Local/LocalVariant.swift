/// The behaviours the `local` provider simulates, chosen by the model id (`local/slow`).
///
/// Every variant but ``echo`` produces the same text for the same request, so a fallback from
/// `local/down` to `local` or a retried `local/flaky` call gives the answer `local` would have.
public enum LocalVariant: String, Sendable, CaseIterable {
    /// Deterministic synthetic text, streamed at the configured pace. Model id `default`, or empty.
    case standard = "default"
    /// Returns the last user message (the rendered prompt) after the synthetic marker.
    case echo
    /// Like ``standard`` with a first-token latency and a slow pace between deltas.
    case slow
    /// Fails the first attempts of each distinct request with a retryable 503, then behaves like
    /// ``standard``. How many attempts fail: the `failures` parameter (default 1).
    case flaky
    /// Fails the first attempt of each distinct request with a 429 carrying a retry-after.
    case rateLimited = "ratelimited"
    /// Always fails with a retryable 503, as a provider that is down; for fallback tests.
    case down
    /// Always fails with a non-retryable 400, as a request that can never succeed.
    case fail
    /// Starts the response, then sends nothing for the configured stall time (an hour by default)
    /// and fails with a retryable `stream-stalled`: for step timeouts, Ctrl-C and stall handling.
    case stall

    /// The variant for a model id; an empty id is ``standard``.
    init?(modelID: String) {
        self.init(rawValue: modelID.isEmpty ? LocalVariant.standard.rawValue : modelID)
    }
}
