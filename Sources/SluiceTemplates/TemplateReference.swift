public import SluiceCore

/// A use of a variable that the template does not define itself, with its longest static path.
///
/// `steps.classify.output[0].summary` gives the path `["steps", "classify", "output"]`: attribute
/// names and constant string subscripts extend a path, numeric or computed subscripts end it.
/// Loop variables, `loop` and variables assigned with `set` are not references.
public struct TemplateReference: Sendable, Hashable {
    /// The root name followed by each static member name, e.g. `["inputs", "tone"]`.
    public var path: [String]
    /// Where the root name is written.
    public var location: SourceLocation

    /// A reference to `path` written at `location`.
    public init(path: [String], location: SourceLocation) {
        self.path = path
        self.location = location
    }

    /// The path joined with dots, as a user would write it: `steps.classify.output`.
    public var dottedPath: String { path.joined(separator: ".") }
}
