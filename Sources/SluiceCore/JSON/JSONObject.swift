/// A JSON object: string keys mapped to values, remembering the order keys were first set.
///
/// Setting an existing key replaces its value in place, as Python's `dict` does, so a template
/// that iterates an object sees keys in the order the document wrote them.
public struct JSONObject: Sendable {
    private var orderedKeys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object holding `pairs` in order; a repeated key keeps its first position and last value.
    public init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (String, JSONValue) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in insertion order.
    public var keys: [String] { orderedKeys }

    /// The values in key order.
    public var values: [JSONValue] {
        orderedKeys.compactMap { storage[$0] }
    }

    /// The number of members.
    public var count: Int { orderedKeys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { orderedKeys.isEmpty }

    /// The value for `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if storage.updateValue(newValue, forKey: key) == nil {
                orderedKeys.append(key)
            }
        }
    }

    /// Removes the member named `key` and returns its value, if there was one.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let removed = storage.removeValue(forKey: key) else { return nil }
        orderedKeys.removeAll { $0 == key }
        return removed
    }

    /// Whether a member named `key` exists.
    public func contains(key: String) -> Bool {
        storage[key] != nil
    }

    /// The members keyed by name, for code in this module that does not need insertion order.
    var storageForUnorderedAccess: [String: JSONValue] { storage }
}

extension JSONObject: Sequence {
    /// Iterates members as `(key, value)` pairs in insertion order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        let storage = self.storage
        return orderedKeys.lazy.compactMap { key in storage[key].map { (key: key, value: $0) } }.makeIterator()
    }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same members, whatever the order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }

    /// Hashes without regard to key order, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in storage {
            var memberHasher = Hasher()
            memberHasher.combine(key)
            memberHasher.combine(value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(storage.count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the keys in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
