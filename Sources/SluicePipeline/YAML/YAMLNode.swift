public import SluiceCore

/// One node of a YAML document, copied out of the parser with the position of everything in it.
///
/// Sluice never keeps parser-owned objects: a file is read into this `Sendable` tree once, and
/// every later check points at `location` (or at a key's own location for mapping entries).
/// Aliases are expanded into copies of the anchored node, which keep the anchor's location.
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        /// A scalar's text and how it was written (only plain scalars such as `true` or `12` are typed).
        case scalar(text: String, style: YAMLScalarStyle)
        /// A list.
        case sequence([YAMLNode])
        /// A mapping whose keys keep the order they were written in; duplicate keys are dropped
        /// after the first (the loader reports them).
        case mapping([YAMLMappingEntry])
    }

    /// What the node holds.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation

    /// A node holding `content` at `location`.
    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }
}

/// A key and its value in a YAML mapping.
public struct YAMLMappingEntry: Sendable {
    /// The key's text.
    public var key: String
    /// Where the key is written.
    public var keyLocation: SourceLocation
    /// The value.
    public var value: YAMLNode

    /// An entry with `key` at `keyLocation` holding `value`.
    public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

// MARK: - Accessors

extension YAMLNode {
    /// The scalar's text, when the node is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The entries, when the node is a mapping.
    public var mappingEntries: [YAMLMappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The elements, when the node is a list.
    public var sequenceElements: [YAMLNode]? {
        if case .sequence(let elements) = content { return elements }
        return nil
    }

    /// Whether the node is a plain `null`, `~` or empty scalar (what `key:` with nothing after it gives).
    public var isNull: Bool {
        if case .scalar(let text, .plain) = content {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// How the node's kind reads in a message: "a mapping", "a list", "a number", "a string" and so on.
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch jsonValue {
            case .null: return "null"
            case .bool: return "a boolean"
            case .integer, .double: return "a number"
            default: return "a string"
            }
        }
    }
}

/// How a scalar was written, which decides its type and how its text maps back to file positions.
public enum YAMLScalarStyle: Sendable, Hashable {
    /// Unquoted.
    case plain
    /// In single quotes.
    case singleQuoted
    /// In double quotes.
    case doubleQuoted
    /// A `|` block.
    case literal
    /// A `>` block.
    case folded
}
