public import SluiceCore

/// An `{% include "name" %}` written in a template: the literal name and where it is written.
///
/// The pipeline loader follows these to check included templates before anything runs.
public struct TemplateInclude: Sendable, Hashable {
    /// The name as written, relative to the templates root, e.g. `partials/tone.md`.
    public var name: String
    /// Where the name's string literal is written.
    public var location: SourceLocation
    /// Whether the include was written with `ignore missing`, so a missing file renders nothing.
    public var ignoresMissing: Bool

    /// An include of `name` written at `location`.
    public init(name: String, location: SourceLocation, ignoresMissing: Bool = false) {
        self.name = name
        self.location = location
        self.ignoresMissing = ignoresMissing
    }
}
