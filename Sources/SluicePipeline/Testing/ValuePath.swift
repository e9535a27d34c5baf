public import SluiceCore
internal import SluiceSchema

/// A place inside a JSON value: a JSON Pointer (`/items/0/title`, RFC 6901) or a dotted path
/// (`items.0.title`), as a test assertion's `path:` writes it.
///
/// A number in a path indexes a list and names a key in an object, so `0.title` works on a list
/// of objects and on an object with a key `"0"` alike. Keys holding dots need the pointer form.
public struct ValuePath: Sendable, Hashable {
    /// The path as written.
    public var text: String
    /// The keys and indexes, in order.
    public var tokens: [String]

    /// Why a path's text is not a path.
    public enum Problem: Error, Sendable, Hashable {
        /// Empty text.
        case empty
        /// A pointer with `~` not followed by `0` or `1`.
        case badEscape
        /// A dotted path with an empty part (`a..b`, `.a`, `a.`).
        case emptySegment
    }

    /// Parses `text` as a JSON Pointer when it starts with `/`, else as a dotted path.
    public init(parsing text: String) throws(Problem) {
        guard !text.isEmpty else { throw .empty }
        self.text = text
        if text.hasPrefix("/") {
            var characters = text.makeIterator()
            while let character = characters.next() {
                if character == "~" {
                    guard let next = characters.next(), next == "0" || next == "1" else { throw .badEscape }
                }
            }
            tokens = JSONPointer.tokens(text) ?? []
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty) else { throw .emptySegment }
            tokens = parts
        }
    }

    /// The value the path names inside `root`, or `nil` when it names nothing there.
    public func value(in root: JSONValue) -> JSONValue? {
        JSONPointer.value(at: JSONPointer.make(tokens), in: root)
    }

    /// The longest leading part of the path that names something in `root`, and what is there:
    /// for a message saying where a path stopped matching. The path is `""` when nothing matched.
    public func deepestMatch(in root: JSONValue) -> (path: String, value: JSONValue) {
        var current = root
        var matched: [String] = []
        for token in tokens {
            guard let next = JSONPointer.value(at: JSONPointer.make([token]), in: current) else { break }
            matched.append(token)
            current = next
        }
        return (JSONPointer.make(matched), current)
    }
}
