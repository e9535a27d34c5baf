public import SluiceCore

/// Validates one JSON document given as text, and locates each error in that text.
///
/// What `sluice schema check` does per instance file, as a library call: parse strictly (bad
/// syntax, a repeated key or a lone surrogate is a located `instance-parse-error` diagnostic),
/// validate, and map each error's instance pointer to a line and column so it can be printed like
/// a compiler message.
public struct InstanceCheck: Sendable {
    /// The file name shown in locations.
    public var file: String
    /// The validation result; `nil` when the text was not JSON.
    public var result: ValidationResult?
    /// One diagnostic per validation error (code `schema-violation`), or the parse error.
    public var diagnostics: [Diagnostic]

    /// Whether the text parsed and is valid.
    public var isValid: Bool { result?.isValid == true }

    /// Parses `text` (from `file`) and validates it against `schema`.
    public init(text: String, file: String, schema: Schema, options: ValidationOptions = ValidationOptions()) {
        self.file = file
        let instance: JSONValue
        do {
            // Strict, as for schema files: a repeated key would otherwise keep only its last value
            // and be checked silently.
            instance = try JSONValue(parsing: text, strict: true)
        } catch {
            result = nil
            diagnostics = [
                .error(
                    .instanceParseError, "not valid JSON: \(error.message)",
                    at: SourceLocation(file: file, line: error.line, column: error.column),
                    hint: Schema.parseErrorHint(error.kind))
            ]
            return
        }
        let result = schema.validate(instance, options: options)
        self.result = result
        let sourceMap = result.isValid ? nil : JSONSourceMap(text: text)
        diagnostics = result.errors.map { error in
            let position = sourceMap?.position(of: error.instanceLocation)
            return .error(
                .schemaViolation, "\(error.displayLocation): expected \(error.expected), found \(error.found)",
                at: position.map { SourceLocation(file: file, line: $0.line, column: $0.column) },
                hint: "'\(error.keyword)' at \(error.schemaLocation)")
        }
        if result.isTruncated {
            // Truncation means either the error cap was reached or evaluation stopped early
            // (nesting too deep); only the first is "more errors than shown".
            let message =
                result.errors.count >= options.maximumErrors
                ? "more errors were found than the \(options.maximumErrors) shown"
                : "validation stopped early at the error above, so later errors may be missing"
            diagnostics.append(Diagnostic(severity: .note, code: .schemaViolation, message: message, location: nil))
        }
    }

    /// The check as a JSON object for `--json`: file, validity, errors (and a parse error if any).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["instance": .string(file), "valid": .bool(isValid)]
        if let result {
            object["errors"] = .array(result.errors.map(\.jsonValue))
            object["truncated"] = .bool(result.isTruncated)
        } else {
            object["errors"] = []
            object["parseError"] = diagnostics.first?.jsonValue ?? .null
        }
        return .object(object)
    }
}
