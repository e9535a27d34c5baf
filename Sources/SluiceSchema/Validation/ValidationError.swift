public import SluiceCore

/// One way an instance fails its schema: where, which keyword, what was expected and what was found.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// The JSON pointer of the offending value in the instance (`""` is the whole instance).
    public var instanceLocation: String
    /// The schema keyword that failed, such as `maximum` or `required`.
    public var keyword: String
    /// What the keyword asks for, in words: `a number at most 10`.
    public var expected: String
    /// What the instance has instead: `12`.
    public var found: String
    /// Where the keyword sits in the schema document, as a URI fragment: `#/properties/score/maximum`.
    public var schemaLocation: String

    /// An error with every field given.
    public init(instanceLocation: String, keyword: String, expected: String, found: String, schemaLocation: String) {
        self.instanceLocation = instanceLocation
        self.keyword = keyword
        self.expected = expected
        self.found = found
        self.schemaLocation = schemaLocation
    }

    /// The instance location as printed: the pointer, or `(root)` for the whole instance.
    public var displayLocation: String { instanceLocation.isEmpty ? "(root)" : instanceLocation }

    /// `/items/2/score: expected a number at most 10, found 12 [maximum at #/properties/score/maximum]`.
    public var description: String {
        "\(displayLocation): expected \(expected), found \(found) [\(keyword) at \(schemaLocation)]"
    }

    /// A short line for a model to act on, without schema internals: `/items/2/score: expected …, found 12`.
    public var compactDescription: String {
        "\(displayLocation): expected \(expected), found \(found)"
    }

    /// The error as a JSON object, for `--json` output.
    public var jsonValue: JSONValue {
        [
            "instanceLocation": .string(instanceLocation),
            "keyword": .string(keyword),
            "expected": .string(expected),
            "found": .string(found),
            "schemaLocation": .string(schemaLocation),
        ]
    }
}
