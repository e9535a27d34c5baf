public import SluiceCore

/// Why one assertion of a test case did not hold: which check, on what, expected against actual.
public struct AssertionFailure: Sendable, Hashable {
    /// Where the assertion is written in the pipeline file.
    public var location: SourceLocation
    /// The check's key: `equals`, `contains`, `regex`, `schema`, `cost_below`, `latency_below`.
    public var check: String
    /// What it looked at: `output 'digest'`, `step 'classify' at /0/urgency`, `the run`.
    public var subject: String
    /// What the assertion wanted, as people read it.
    public var expected: String
    /// What the run gave, as people read it (cut to a readable length).
    public var actual: String

    /// A failure with every field given.
    public init(location: SourceLocation, check: String, subject: String, expected: String, actual: String) {
        self.location = location
        self.check = check
        self.subject = subject
        self.expected = expected
        self.actual = actual
    }

    /// One line naming the failed check: `pipelines/triage.yaml:40:11: contains on output 'digest'`.
    public var headline: String {
        "\(location): \(check) on \(subject)"
    }
}
