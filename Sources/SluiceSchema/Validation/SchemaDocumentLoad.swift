import SluiceCore

/// What looking up another document by URI found, while a `$ref` leaves the schema being compiled.
enum SchemaDocumentLoad {
    /// The document.
    case loaded(JSONValue)
    /// Nothing is known at that URI.
    case unknown
    /// A document exists but may not be used: a file outside the project, or one that is not
    /// strict JSON (a repeated key, say); `code` is the diagnostic's.
    case refused(code: DiagnosticCode, message: String, hint: String)
}
