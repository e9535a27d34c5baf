public import SluiceCore

/// A reason a schema document cannot be used, found while compiling it, located by JSON pointer.
struct SchemaProblem: Sendable {
    var pointer: String
    var code: DiagnosticCode
    var message: String
    var hint: String?
    var severity: Diagnostic.Severity = .error
}

extension DiagnosticCode {
    /// A schema keyword has a value of the wrong type or shape.
    public static let invalidSchema: DiagnosticCode = "invalid-schema"
    /// A `$ref` or `$dynamicRef` resolves to nothing within the document.
    public static let unresolvedSchemaReference: DiagnosticCode = "unresolved-schema-ref"
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
}
