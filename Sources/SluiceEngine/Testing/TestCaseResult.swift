public import SluiceCore

/// How one test case went: passed, failed an assertion, or its run did not succeed.
public struct TestCaseResult: Sendable {
    /// How a case ended.
    public enum Verdict: String, Sendable, Hashable {
        /// The run succeeded and every assertion held.
        case passed
        /// The run succeeded and at least one assertion did not hold.
        case failed
        /// The run itself failed, was stopped by its budget or was interrupted; assertions were not checked.
        case runFailed = "run-failed"
    }

    /// The pipeline's name.
    public var pipeline: String
    /// The case's name.
    public var name: String
    /// Where the case's name is written.
    public var location: SourceLocation
    /// The run that executed the case, for `sluice show`; `nil` when it could not be created.
    public var runID: RunID?
    /// How the case ended.
    public var verdict: Verdict
    /// The assertions that did not hold, in file order.
    public var failures: [AssertionFailure]
    /// Why the run did not succeed, for `runFailed`.
    public var runFailure: RunFailure?
    /// How long the case took on the run's clock.
    public var duration: Duration

    /// A result with every field given.
    public init(
        pipeline: String, name: String, location: SourceLocation, runID: RunID?, verdict: Verdict,
        failures: [AssertionFailure], runFailure: RunFailure?, duration: Duration
    ) {
        self.pipeline = pipeline
        self.name = name
        self.location = location
        self.runID = runID
        self.verdict = verdict
        self.failures = failures
        self.runFailure = runFailure
        self.duration = duration
    }
}
