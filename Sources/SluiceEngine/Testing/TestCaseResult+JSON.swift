public import SluiceCore

extension TestCaseResult {
    /// The result as `sluice test --json` prints it: `name`, `line`, `verdict` (`passed`,
    /// `failed`, `run-failed`), `run` (or null), `duration_ms`, `failures` (each with `file`,
    /// `line`, `column`, `check`, `subject`, `expected`, `actual`) and `run_failure` (or null).
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        object["line"] = .integer(location.line)
        object["verdict"] = .string(verdict.rawValue)
        object["run"] = runID.map { .string($0.rawValue) } ?? .null
        object["duration_ms"] = .integer(Int(duration.milliseconds.rounded()))
        object["failures"] = .array(
            failures.map { failure in
                [
                    "file": .string(failure.location.file), "line": .integer(failure.location.line),
                    "column": .integer(failure.location.column), "check": .string(failure.check),
                    "subject": .string(failure.subject), "expected": .string(failure.expected),
                    "actual": .string(failure.actual),
                ]
            })
        object["run_failure"] = runFailure?.jsonValue ?? .null
        return .object(object)
    }
}
