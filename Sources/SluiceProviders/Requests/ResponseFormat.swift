public import SluiceSchema

/// The shape a request wants the response in.
///
/// Named apart from the pipeline's `OutputMode` (SluicePipeline), which says what a step's
/// output is; the engine maps one to the other.
public enum ResponseFormat: Sendable {
    /// Free text.
    case text
    /// A JSON document; when a schema is given, one valid against it. The schema arrives compiled
    /// (with its `$ref`s resolved) as the pipeline loaded it. Adapters with a native
    /// structured-output mode translate `schema.document` to their dialect; the executor
    /// validates the result locally either way.
    case json(schema: Schema?)
    /// Text holding the named XML elements (`<summary>…</summary>`), extracted afterwards.
    case xml(tags: [String])
}

extension ResponseFormat: Hashable {
    /// Formats are equal when they are the same case with the same tags or schema document.
    public static func == (lhs: ResponseFormat, rhs: ResponseFormat) -> Bool {
        switch (lhs, rhs) {
        case (.text, .text): true
        case (.json(let left), .json(let right)): left?.document == right?.document
        case (.xml(let left), .xml(let right)): left == right
        default: false
        }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .text:
            hasher.combine(0)
        case .json(let schema):
            hasher.combine(1)
            hasher.combine(schema?.document)
        case .xml(let tags):
            hasher.combine(2)
            hasher.combine(tags)
        }
    }
}
