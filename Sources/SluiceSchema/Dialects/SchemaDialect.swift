/// A provider's structured-output schema dialect: the subset of JSON Schema its native mode accepts.
///
/// See `docs/structured-output.md` for what each translation changes. Whatever a dialect cannot
/// express is dropped from the schema sent to the provider and listed in the translation, and
/// Sluice still validates the reply locally against the full schema.
public enum SchemaDialect: String, Sendable, Hashable, CaseIterable {
    /// OpenAI `response_format: {type: json_schema, strict: true}`.
    case openAIStrict = "openai-strict"
    /// Anthropic's `output_config.format` JSON schema (and strict tool `input_schema`).
    case anthropic
    /// Gemini's `generationConfig.responseJsonSchema`.
    case gemini

    /// Keywords the dialect accepts (besides annotations such as `title` and `description`).
    var supportedKeywords: Set<String> {
        switch self {
        case .openAIStrict:
            [
                "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$defs", "$ref",
                "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                "minItems", "maxItems",
            ]
        case .anthropic:
            [
                "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "allOf", "$defs",
                "$ref", "format", "minItems", "pattern",
            ]
        case .gemini:
            [
                "type", "properties", "required", "additionalProperties", "items", "prefixItems", "enum", "anyOf",
                "$defs", "$ref", "$id", "$anchor", "format", "minItems", "maxItems", "minimum", "maximum",
                "propertyOrdering",
            ]
        }
    }

    /// The `format` values the dialect accepts; `nil` means any.
    var supportedFormats: Set<String>? {
        switch self {
        case .openAIStrict:
            ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]
        case .anthropic:
            ["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"]
        case .gemini:
            nil
        }
    }
}
