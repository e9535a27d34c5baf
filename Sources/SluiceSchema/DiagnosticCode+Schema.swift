public import SluiceCore

/// Every code `SluiceSchema` gives its diagnostics: the one catalogue for the module.
extension DiagnosticCode {
    // MARK: - Schemas

    /// A schema keyword has a value of the wrong type or shape.
    public static let invalidSchema: DiagnosticCode = "invalid-schema"
    /// A `$ref` or `$dynamicRef` resolves to nothing within the document.
    public static let unresolvedSchemaReference: DiagnosticCode = "unresolved-schema-ref"
    /// `$ref`s (or in-place keywords such as `allOf`) lead back to the same schema without stepping
    /// into the value: validation could never end.
    public static let schemaReferenceLoop: DiagnosticCode = "schema-ref-loop"
    /// A `$ref` names a file outside the project (or outside the schema's folder when it is in no project).
    public static let schemaReferenceOutsideProject: DiagnosticCode = "schema-ref-outside-project"
    /// A `pattern` or `patternProperties` key is not a regular expression the platform accepts.
    public static let invalidSchemaPattern: DiagnosticCode = "invalid-schema-pattern"
    /// `$schema` names a dialect Sluice does not know; the document is read as 2020-12.
    public static let unknownSchemaDialect: DiagnosticCode = "unknown-schema-dialect"
    /// (Warning) a key in a schema object is close to a keyword's name but is not one: probably a typo.
    public static let unknownSchemaKeyword: DiagnosticCode = "unknown-schema-keyword"
    /// The schema file is not valid JSON.
    public static let schemaParseError: DiagnosticCode = "schema-parse-error"
    /// The schema file could not be read.
    public static let unreadableSchema: DiagnosticCode = "unreadable-schema"

    // MARK: - Instances

    /// An instance does not satisfy its schema.
    public static let schemaViolation: DiagnosticCode = "schema-violation"
    /// An instance is not valid JSON.
    public static let instanceParseError: DiagnosticCode = "instance-parse-error"

    // MARK: - Output extraction

    /// No JSON value could be found in a model's reply.
    public static let noJSONInOutput: DiagnosticCode = "no-json-in-output"
    /// A required XML tag is missing from a model's reply.
    public static let missingOutputTag: DiagnosticCode = "missing-output-tag"

    // MARK: - Provider dialects

    /// A provider's structured-output dialect cannot express the schema at all.
    public static let schemaDialectUnsupported: DiagnosticCode = "schema-dialect-unsupported"
}
