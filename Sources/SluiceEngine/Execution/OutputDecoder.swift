import SluiceCore
import SluicePipeline
import SluiceSchema

/// Turns a step's text into its output as the step's `output:` says: text, JSON (validated
/// against the schema when there is one) or an object of XML tag sections.
enum OutputDecoder {
    /// The output for `text`.
    ///
    /// - Parameter lenient: Find the JSON inside prose or a code fence (model replies) rather
    ///   than requiring the whole text to be JSON (commands and templates).
    static func decode(_ text: String, as mode: OutputMode, lenient: Bool) throws(StepFailure) -> JSONValue {
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
                throw StepFailure(error)
            } catch {
                throw StepFailure("the output is not JSON: \(error)")
            }
            if let schema {
                let result = schema.schema.validate(value)
                if !result.isValid {
                    let source = schema.path ?? "the inline schema at \(schema.location)"
                    throw StepFailure(
                        "the output does not match \(source):\n"
                            + result.renderedForModel(limit: 10)
                            .split(separator: "\n").dropFirst().joined(separator: "\n"))
                }
            }
            return value
        case .xml(let tags):
            let (required, optional) = XMLTagExtractor.parseTagList(tags)
            do {
                return .object(try XMLTagExtractor.extract(from: text, required: required, optional: optional))
            } catch {
                throw StepFailure(error)
            }
        }
    }
}
