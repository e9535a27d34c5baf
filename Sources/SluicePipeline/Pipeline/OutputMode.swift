public import SluiceCore
public import SluiceSchema

/// What a step's output is: text, JSON (optionally checked against a schema), or tagged XML sections.
public enum OutputMode: Sendable {
    /// Plain text (the default).
    case text
    /// JSON; when `schema` is given, the output must validate against it.
    case json(schema: OutputSchema?)
    /// Text whose `<tag>…</tag>` sections are extracted into an object keyed by tag.
    case xml(tags: [String])
}

/// The JSON Schema a step's output must match, with where it came from.
public struct OutputSchema: Sendable {
    /// The schema, compiled; `schema.document` is the document as written.
    public var schema: Schema
    /// The schema file's path relative to the project root, or `nil` when written inline.
    public var path: String?
    /// Where the schema (or its path) is written in the pipeline file.
    public var location: SourceLocation

    /// A schema with its origin.
    public init(schema: Schema, path: String?, location: SourceLocation) {
        self.schema = schema
        self.path = path
        self.location = location
    }
}
