import SluiceCore
import SluicePipeline
import SluiceSchema

/// Turns a step's text into its output as the step's `output:` says: text, JSON (validated
/// against the schema when there is one) or an object of XML tag sections.
enum OutputDecoder {
    /// The output for `text` of `step`.
    ///
    /// - Parameter lenient: Find the JSON inside prose or a code fence (model replies) rather
    ///   than requiring the whole text to be JSON (commands and templates).
    /// - Throws: ``RunFailure`` coded `output-not-json`, `output-schema-mismatch`, or the
    ///   extractor's own code (`no-json-in-output`, `missing-output-tag`).
    static func decode(
        _ text: String, as mode: OutputMode, lenient: Bool, for step: PlannedStep
    ) throws(RunFailure)
        -> JSONValue
    {
        let location = step.definition.location
        switch mode {
        case .text:
            return .string(text)
        case .json(let schema):
            let value: JSONValue
            do {
                if lenient {
                    value = try JSONOutputExtractor.extract(
                        from: text, preferring: { schema?.schema.validate($0).isValid ?? true }
                    ).value
                } else {
                    value = try JSONValue(parsing: text.trimmingWhitespace())
                }
            } catch let error as DiagnosticError {
                var failure = RunFailure(from: error, at: location)
                if !lenient { failure.code = .outputNotJSON }
                throw failure
            } catch {
                throw RunFailure(
                    .outputNotJSON, "the output of step '\(step.name)' is not JSON: \(error)", at: location)
            }
            if let schema {
                let result = schema.schema.validate(value)
                if !result.isValid {
                    let source = schema.path ?? "the inline schema at \(schema.location)"
                    throw RunFailure(
                        .outputSchemaMismatch,
                        "the output of step '\(step.name)' does not match \(source):\n"
                            + result.renderedForModel(limit: 10)
                            .split(separator: "\n").dropFirst().joined(separator: "\n"),
                        at: location)
                }
            }
            return value
        case .xml(let tags):
            let (required, optional) = XMLTagExtractor.parseTagList(tags)
            do {
                return .object(try XMLTagExtractor.extract(from: text, required: required, optional: optional))
            } catch {
                throw RunFailure(from: error, at: location)
            }
        }
    }
}
