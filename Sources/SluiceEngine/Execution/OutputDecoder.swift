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
        do {
            return try decodeAnswer(text, as: mode, lenient: lenient, for: step)
        } catch {
            throw error.failure
        }
    }

    /// The output for a model's answer `text`, or why it cannot be used, worded for a repair turn too.
    ///
    /// - Parameter translation: The schema as the provider's dialect received it, when that
    ///   dialect made optional properties required-but-nullable (OpenAI strict mode): the `null`s
    ///   it added are removed before the output is validated against the user's schema.
    static func decodeAnswer(
        _ text: String, as mode: OutputMode, lenient: Bool = true, for step: PlannedStep,
        translation: DialectTranslation? = nil
    ) throws(UnusableOutput)
        -> JSONValue
    {
        let location = step.definition.location
        switch mode {
        case .text:
            return .string(text)
        case .json(let schema):
            let restore = { (value: JSONValue) in translation?.removingAddedNulls(from: value) ?? value }
            let value: JSONValue
            do {
                if lenient {
                    value = restore(
                        try JSONOutputExtractor.extract(
                            from: text, preferring: { schema?.schema.validate(restore($0)).isValid ?? true }
                        ).value)
                } else {
                    value = try JSONValue(parsing: text.trimmingWhitespace())
                }
            } catch let error as DiagnosticError {
                var failure = RunFailure(from: error, at: location)
                if !lenient { failure.code = .outputNotJSON }
                throw UnusableOutput(
                    answer: text, failure: failure, feedback: "The answer is not valid JSON: \(failure.message)")
            } catch {
                let failure = RunFailure(
                    .outputNotJSON, "the output of step '\(step.name)' is not JSON: \(error)", at: location)
                throw UnusableOutput(answer: text, failure: failure, feedback: "The answer is not valid JSON: \(error)")
            }
            if let schema {
                let result = schema.schema.validate(value)
                if !result.isValid {
                    let source = schema.path ?? "the inline schema at \(schema.location)"
                    let feedback = result.renderedForModel(limit: 10)
                    throw UnusableOutput(
                        answer: text,
                        failure: RunFailure(
                            .outputSchemaMismatch,
                            "the output of step '\(step.name)' does not match \(source):\n"
                                + feedback.split(separator: "\n").dropFirst().joined(separator: "\n"),
                            at: location),
                        feedback: feedback)
                }
            }
            return value
        case .xml(let tags):
            let (required, optional) = XMLTagExtractor.parseTagList(tags)
            do {
                return .object(try XMLTagExtractor.extract(from: text, required: required, optional: optional))
            } catch {
                let failure = RunFailure(from: error, at: location)
                throw UnusableOutput(
                    answer: text, failure: failure, feedback: "The answer cannot be used: \(failure.message).")
            }
        }
    }
}
