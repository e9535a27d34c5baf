/// A JSON object: string keys mapped to values, remembering the order keys were first set.
///
/// Setting an existing key replaces its value in place, as Python's `dict` does, so a template
/// that iterates an object sees keys in the order the document wrote them. Keys are told apart by
/// their Unicode code points, as JSON does: `"\u00e9"` and `"e\u0301"` are two members, although
/// Swift's `String` `==` would call them equal.
public struct JSONObject: Sendable {
    private var orderedKeys: [String] = []
    private var orderedValues: [JSONValue] = []
    private var positions: [CodePointKey: Int] = [:]

    /// An empty object.
    public init() {}

    /// An object holding `pairs` in order; a repeated key keeps its first position and last value.
    public init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (String, JSONValue) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in insertion order.
    public var keys: [String] { orderedKeys }

    /// The values in key order.
    public var values: [JSONValue] { orderedValues }

    /// The number of members.
    public var count: Int { orderedKeys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { orderedKeys.isEmpty }

    /// The value for `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { positions[CodePointKey(key)].map { orderedValues[$0] } }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if let position = positions[CodePointKey(key)] {
                orderedValues[position] = newValue
            } else {
                positions[CodePointKey(key)] = orderedKeys.count
                orderedKeys.append(key)
                orderedValues.append(newValue)
            }
        }
    }

    /// Removes the member named `key` and returns its value, if there was one.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = positions.removeValue(forKey: CodePointKey(key)) else { return nil }
        orderedKeys.remove(at: position)
        let removed = orderedValues.remove(at: position)
        for later in orderedKeys[position...] { positions[CodePointKey(later), default: position] -= 1 }
        return removed
    }

    /// Whether a member named `key` exists.
    public func contains(key: String) -> Bool {
        positions[CodePointKey(key)] != nil
    }
}

extension JSONObject: Sequence {
    /// Iterates members as `(key, value)` pairs in insertion order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        zip(orderedKeys, orderedValues).lazy.map { (key: $0, value: $1) }.makeIterator()
    }

    /// The number of members.
    public var underestimatedCount: Int { orderedKeys.count }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same members, whatever the order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs {
            guard let position = rhs.positions[CodePointKey(key)], rhs.orderedValues[position] == value else {
                return false
            }
        }
        return true
    }

    /// Hashes without regard to key order, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in self {
            var memberHasher = Hasher()
            key.hashCodePoints(into: &memberHasher)
            memberHasher.combine(value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the keys in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
