/// A string that compares and hashes by its Unicode code points, for dictionaries and sets keyed by
/// text a user wrote.
///
/// Swift's `String` treats canonically equivalent strings as equal (`"\u{E9}" == "e\u{301}"`), which
/// is right for people reading text but wrong for data: JSON, JSON Schema and Python all tell those
/// two strings apart, so an object holding both keys must keep both members. Wrap such keys in this
/// type; equality is byte equality of the UTF-8 forms, which is code-point equality.
public struct CodePointKey: Hashable, Sendable {
    /// The string as written.
    public let string: String

    /// The key for `string`.
    public init(_ string: String) {
        self.string = string
    }

    /// Equal when both strings have the same code points in the same order.
    public static func == (lhs: CodePointKey, rhs: CodePointKey) -> Bool {
        lhs.string.hasSameCodePoints(as: rhs.string)
    }

    /// Hashes the UTF-8 bytes, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        string.hashCodePoints(into: &hasher)
    }
}
