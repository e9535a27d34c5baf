import SluiceCore

/// What looking up another document by URI found, while a `$ref` leaves the schema being compiled.
enum SchemaDocumentLoad {
    /// The document.
    case loaded(JSONValue)
    /// Nothing is known at that URI.
    case unknown
    /// A document exists but may not be read: a file outside the project, say.
    case refused(message: String, hint: String)
}
