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
    /// The names the including template defines where the include is written (loop variables and
    /// `set` variables, sorted), which the included template sees. A reference of the included
    /// template whose root is one of these is satisfied by the including template, not the context.
    public var localNames: [String]

    /// An include of `name` written at `location`, where `localNames` are defined.
    public init(name: String, location: SourceLocation, ignoresMissing: Bool = false, localNames: [String] = []) {
        self.name = name
        self.location = location
        self.ignoresMissing = ignoresMissing
        self.localNames = localNames
    }
}
