public import SluiceCore

/// The shape a step wants its output in.
public enum OutputMode: Sendable, Hashable {
    /// Free text.
    case text
    /// A JSON document valid against the schema (a JSON Schema 2020-12 document). Adapters with a
    /// native structured-output mode translate the schema to their dialect; the executor validates
    /// the result locally either way.
    case json(schema: JSONValue)
    /// Text holding the named XML elements (`<summary>…</summary>`), extracted afterwards.
    case xml(tags: [String])
}
