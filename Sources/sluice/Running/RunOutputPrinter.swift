import SluiceCore
import SluiceEngine
import SluiceStore

/// Prints a finished run's outputs on stdout: as text for people, or as one JSON object.
///
/// Outputs go through the run's redactor: a key in an output (a `run:` step that printed one)
/// shows as `[REDACTED]`, on the terminal as in a CI log or cron mail.
///
/// An output that live text already showed in full (its value is exactly the text a streaming
/// step printed as it arrived) is not printed again: a single such output prints nothing more,
/// and among several it keeps its heading with `(shown above)`.
enum RunOutputPrinter {
    /// With `json`: `{"run", "pipeline", "status", "outputs", "error", "warnings"}`, the error and
    /// each warning as `{"code", "message", "file", "line", "column", "hint"}`. Otherwise a single
    /// output is printed as it is (text as text, JSON pretty), several under `== name ==` headings.
    /// `shown` is the text each streaming step showed live, by step.
    static func print(
        _ result: RunResult, pipeline: String, json: Bool, redactor: SecretRedactor, shown: [String: String] = [:]
    ) {
        if json {
            var object: JSONObject = [
                "run": .string(result.runID.rawValue), "pipeline": .string(pipeline),
                "status": .string(result.status.rawValue),
            ]
            object["outputs"] = result.outputs.map(JSONValue.object) ?? .null
            object["error"] = result.failure?.jsonValue ?? .null
            object["warnings"] = .array(result.warnings.map(\.jsonValue))
            Swift.print(redactor.redact(JSONValue.object(object)).formatted(.pretty))
            return
        }
        guard let outputs = result.outputs else { return }
        let single = outputs.count == 1
        let shownTexts = Set(shown.values)
        for (name, value) in outputs {
            if let text = value.stringValue, shownTexts.contains(text) {
                if !single { Swift.print("== \(name) == (shown above)") }
                continue
            }
            if !single { Swift.print("== \(name) ==") }
            let text = redactor.redact(text: value.stringValue ?? value.formatted(.pretty))
            Swift.print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
