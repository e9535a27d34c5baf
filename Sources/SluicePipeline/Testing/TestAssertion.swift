public import SluiceCore
public import SluiceSchema

/// One check of a test case, as written under `expect:`: what it looks at and what must hold.
public struct TestAssertion: Sendable {
    /// What an assertion looks at.
    public enum Subject: Sendable, Hashable {
        /// The whole run (only for `cost_below` and `latency_below`).
        case run
        /// A named pipeline output, from `outputs:`.
        case output(String)
        /// A step's output (for a fan-out, the list of its items' outputs in input order).
        case step(String)
    }

    /// What must hold.
    public enum Check: Sendable {
        /// The value equals this JSON value (objects regardless of key order, numbers by value).
        case equals(JSONValue)
        /// The value's text (a string as it is, anything else as compact JSON) contains this text.
        case contains(String)
        /// The value's text matches this ECMA-262 regular expression anywhere (anchor it with `^`…`$`).
        case regex(ECMARegex)
        /// The value validates against this JSON Schema.
        case schema(OutputSchema)
        /// What the run (or the step) cost, in US dollars, is below this.
        case costBelow(Double)
        /// How long the run (or the step) took is below this.
        case latencyBelow(Duration)
    }

    /// What the assertion looks at.
    public var subject: Subject
    /// Where inside a JSON value to look, when a `path:` is given.
    public var path: ValuePath?
    /// What must hold.
    public var check: Check
    /// Where the assertion (its list entry) starts in the pipeline file.
    public var location: SourceLocation

    /// An assertion with every field given.
    public init(subject: Subject, path: ValuePath?, check: Check, location: SourceLocation) {
        self.subject = subject
        self.path = path
        self.check = check
        self.location = location
    }

    /// The check's key as written in the file: `equals`, `contains`, `regex`, `schema`, `cost_below`, `latency_below`.
    public var checkName: String {
        switch check {
        case .equals: "equals"
        case .contains: "contains"
        case .regex: "regex"
        case .schema: "schema"
        case .costBelow: "cost_below"
        case .latencyBelow: "latency_below"
        }
    }

    /// What the assertion looks at, for messages: `output 'digest'`, `step 'classify' at /0/urgency`, `the run`.
    public var subjectDescription: String {
        let base =
            switch subject {
            case .run: "the run"
            case .output(let name): "output '\(name)'"
            case .step(let name): "step '\(name)'"
            }
        return path.map { "\(base) at \($0.text)" } ?? base
    }
}
