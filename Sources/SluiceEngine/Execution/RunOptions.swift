/// Choices for one run that come from the command line rather than the pipeline file.
public struct RunOptions: Sendable {
    /// The most model calls and commands in flight at once across the whole run (`--concurrency`);
    /// each fan-out is further limited by its step's own `concurrency`.
    public var concurrency: Int
    /// Whether the first failed step cancels everything else (`--fail-fast`).
    public var failFast: Bool
    /// The longest the whole run may take (`--timeout`); `nil` for no limit.
    public var timeout: Duration?
    /// The folder run steps start in: the project root.
    public var workingDirectory: String
    /// What to do after a model attempt fails: retry (with backoff), fall back, or fail.
    public var retryPolicy: RetryPolicy
    /// Whether the text of `stream: true` steps is shown as it arrives (`textDelta` events); off
    /// unless the caller shows it (`sluice run` on a terminal or with `--stream`). When it is
    /// off, nothing was shown before a failure, so every retry and fallback is invisible and
    /// `on_stream_error` never applies.
    public var showsLiveText: Bool

    /// Options with the defaults `sluice run` uses.
    public init(
        concurrency: Int = 16,
        failFast: Bool = false,
        timeout: Duration? = nil,
        workingDirectory: String,
        retryPolicy: RetryPolicy = RetryPolicy(),
        showsLiveText: Bool = false
    ) {
        self.concurrency = concurrency
        self.failFast = failFast
        self.timeout = timeout
        self.workingDirectory = workingDirectory
        self.retryPolicy = retryPolicy
        self.showsLiveText = showsLiveText
    }
}
