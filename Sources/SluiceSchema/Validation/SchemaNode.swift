import SluiceCore

/// One compiled schema object: its keywords in evaluation order, ready to run against many instances.
///
/// Subschemas are referred to by their index in ``Schema``'s node table, which lets `$ref` cycles
/// exist without reference cycles in memory. A final class, so reading a node from the table
/// during validation costs one retain rather than a copy of every field.
final class SchemaNode: Sendable {
    /// What the node does.
    enum Body: Sendable {
        /// A boolean schema, or an object schema with no assertions (`true`).
        case constant(Bool)
        /// An object schema's keywords, ordered so that `unevaluated*` come last.
        case keywords([Keyword])
    }

    let body: Body
    /// Where the schema object is: which document, and the JSON pointer within it.
    let location: SchemaCompiler.Location
    /// The location as errors print it: `#/properties/a` in the user's document, a full URI elsewhere.
    let schemaLocation: String
    /// The index of the schema resource (the nearest `$id`) this node belongs to.
    let resource: Int
    /// The draft whose rules this node was compiled with.
    let draft: SchemaDraft
    /// Whether any keyword here needs annotations from in-place subschemas (`unevaluated*`).
    let collectsAnnotations: Bool

    /// Whether the node is the `false` schema.
    var rejectsEverything: Bool {
        if case .constant(false) = body { return true }
        return false
    }

    init(
        body: Body, location: SchemaCompiler.Location, schemaLocation: String, resource: Int, draft: SchemaDraft,
        collectsAnnotations: Bool
    ) {
        self.body = body
        self.location = location
        self.schemaLocation = schemaLocation
        self.resource = resource
        self.draft = draft
        self.collectsAnnotations = collectsAnnotations
    }
}

/// The JSON types as `type` names them.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    /// The type of one name as `type` spells it, or `nil` for an unknown name.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Whether `value` is of one of these types (`number` includes integers; `1.0` is an integer).
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .integer: contains(.integer) || contains(.number)
        case .double(let number):
            contains(.number) || (contains(.integer) && number.isFinite && number.rounded(.towardZero) == number)
        case .string: contains(.string)
        case .array: contains(.array)
        case .object: contains(.object)
        }
    }
}

/// A number from a schema keyword, kept exact when it is an integer.
enum SchemaNumber: Sendable, CustomStringConvertible {
    case integer(Int)
    case double(Double)

    init?(_ value: JSONValue) {
        switch value {
        case .integer(let integer): self = .integer(integer)
        case .double(let double): self = .double(double)
        default: return nil
        }
    }

    var doubleValue: Double {
        switch self {
        case .integer(let integer): Double(integer)
        case .double(let double): double
        }
    }

    var description: String {
        switch self {
        case .integer(let integer): String(integer)
        case .double(let double): double.ecmaScriptDescription
        }
    }
}

/// One keyword of a compiled schema object; subschemas are node indices.
enum Keyword: Sendable {
    case type(JSONTypeSet, names: [String])
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(SchemaNumber)
    case maximum(SchemaNumber)
    case exclusiveMaximum(SchemaNumber)
    case minimum(SchemaNumber)
    case exclusiveMinimum(SchemaNumber)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex)
    case format(String)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case contains(Int, minimum: Int, maximum: Int?)
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(property: String, required: [String])])
    case properties(PropertyTable)
    case patternProperties([(regex: ECMARegex, node: Int)])
    case additionalProperties(AdditionalProperties)
    case propertyNames(Int)
    case prefixItems([Int])
    case items(Int, from: Int)
    case unevaluatedItems(Int)
    case unevaluatedProperties(Int)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(condition: Int, then: Int?, otherwise: Int?)
    case dependentSchemas([(property: String, node: Int)])
    case reference(Int)
    case dynamicReference(Int, anchor: String?)

    /// The keyword's name as written in the schema, for error reports.
    var name: String {
        switch self {
        case .type: "type"
        case .enumeration: "enum"
        case .constant: "const"
        case .multipleOf: "multipleOf"
        case .maximum: "maximum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .minimum: "minimum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .maxLength: "maxLength"
        case .minLength: "minLength"
        case .pattern: "pattern"
        case .format: "format"
        case .maxItems: "maxItems"
        case .minItems: "minItems"
        case .uniqueItems: "uniqueItems"
        case .contains: "contains"
        case .maxProperties: "maxProperties"
        case .minProperties: "minProperties"
        case .required: "required"
        case .dependentRequired: "dependentRequired"
        case .properties: "properties"
        case .patternProperties: "patternProperties"
        case .additionalProperties: "additionalProperties"
        case .propertyNames: "propertyNames"
        case .prefixItems: "prefixItems"
        case .items: "items"
        case .unevaluatedItems: "unevaluatedItems"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .dependentSchemas: "dependentSchemas"
        case .reference: "$ref"
        case .dynamicReference: "$dynamicRef"
        }
    }
}

extension Keyword {
    /// The keyword's name as `draft` spells it (draft-07 says `items`, not `prefixItems`).
    func writtenName(in draft: SchemaDraft) -> String {
        guard draft == .draft7 else { return name }
        switch self {
        case .prefixItems: return "items"
        case .items(_, let start): return start > 0 ? "additionalItems" : "items"
        case .dependentRequired, .dependentSchemas: return "dependencies"
        default: return name
        }
    }
}

/// `properties`' subschemas by name: a linear search for the few properties most schemas declare
/// (string comparison beats hashing there), a dictionary beyond that.
///
/// Keyword payloads that would hold several references are classes, so reading a keyword during
/// validation retains one object instead of each of its arrays.
final class PropertyTable: Sendable {
    /// The property names in the order the schema lists them.
    let names: [String]
    /// The subschema of each property, parallel to `names`.
    let nodes: [Int]
    private let hashed: [CodePointKey: Int]?

    init(_ entries: [(name: String, node: Int)]) {
        names = entries.map(\.name)
        nodes = entries.map(\.node)
        hashed =
            entries.count > 12
            ? Dictionary(entries.map { (CodePointKey($0.name), $0.node) }, uniquingKeysWith: { first, _ in first })
            : nil
    }

    /// The node for property `name`, if the schema declares it (names compare by code points).
    func node(for name: String) -> Int? {
        if let hashed { return hashed[CodePointKey(name)] }
        guard let position = names.firstIndex(where: { $0.hasSameCodePoints(as: name) }) else { return nil }
        return nodes[position]
    }

    /// Whether the schema declares property `name`.
    func declares(_ name: String) -> Bool { node(for: name) != nil }
}

/// `additionalProperties`: its subschema, and what counts as declared (the sibling `properties`
/// and `patternProperties`).
final class AdditionalProperties: Sendable {
    let node: Int
    let declared: PropertyTable
    let patterns: [ECMARegex]

    init(node: Int, declared: PropertyTable, patterns: [ECMARegex]) {
        self.node = node
        self.declared = declared
        self.patterns = patterns
    }

    /// Whether `name` is neither a declared property nor matched by a pattern.
    func isAdditional(_ name: String) -> Bool {
        !declared.declares(name) && !patterns.contains { $0.matches(name) }
    }
}
