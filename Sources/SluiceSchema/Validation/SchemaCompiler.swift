import SluiceCore

/// Turns a schema document into the node table ``Schema`` evaluates, collecting every problem.
///
/// Compilation runs in two passes. The first walks every subschema position to learn base URIs,
/// schema resources (`$id`) and anchors, so that references can be resolved in any order. The
/// second compiles nodes on demand, starting at the root and following references, so each
/// schema object reachable from the root is compiled exactly once.
struct SchemaCompiler {
    /// A schema resource: a subschema with its own `$id` (or the document root).
    struct Resource: Sendable {
        var uri: String
        var pointer: String
        var dynamicAnchors: [String: String] = [:]
        var dynamicAnchorNodes: [String: Int] = [:]
    }

    let document: JSONValue
    let draft: SchemaDraft
    private(set) var nodes: [SchemaNode] = []
    private(set) var resources: [Resource] = []
    private(set) var problems: [SchemaProblem] = []
    private var nodeIndexByPointer: [String: Int] = [:]
    private var pending: [Int] = []
    private var resourceIndexByURI: [String: Int] = [:]
    private var anchors: [String: String] = [:]
    private var scopeByPointer: [String: (base: String, resource: Int)] = [:]
    private var usesDynamicAnchors = false

    /// Keywords whose value is one subschema, in either draft.
    private static let singleSchemaKeywords = [
        "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains", "unevaluatedItems",
        "unevaluatedProperties", "items", "additionalItems",
    ]
    /// Keywords whose value is an array of subschemas.
    private static let schemaArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    /// Keywords whose value is an object of subschemas.
    private static let schemaMapKeywords = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
    ]

    init(document: JSONValue, draft: SchemaDraft, baseURI: String) {
        self.document = document
        self.draft = draft
        let root = URIReference(baseURI).withoutFragment.text
        resources.append(Resource(uri: root, pointer: ""))
        resourceIndexByURI[root] = 0
        scan(document, pointer: "", base: root, resource: 0)
    }

    /// Compiles the whole document and returns the root node's index.
    mutating func compileRoot() -> Int {
        let root = node(at: "")
        drainPending()
        if usesDynamicAnchors {
            for resourceIndex in resources.indices {
                for (name, pointer) in resources[resourceIndex].dynamicAnchors {
                    resources[resourceIndex].dynamicAnchorNodes[name] = node(at: pointer)
                }
            }
            drainPending()
        }
        return root
    }

    private mutating func drainPending() {
        while let index = pending.popLast() {
            nodes[index] = build(pointer: nodes[index].pointer, index: index)
        }
    }

    // MARK: - Pass one: identifiers and anchors

    private mutating func scan(_ value: JSONValue, pointer: String, base: String, resource: Int) {
        guard case .object(let object) = value else {
            scopeByPointer[pointer] = (base, resource)
            return
        }
        var base = base
        var resource = resource
        let refOverridesSiblings = draft == .draft7 && object["$ref"] != nil
        if !refOverridesSiblings, case .string(let id)? = object["$id"] {
            let resolved = URIReference(id).resolved(against: URIReference(base))
            let uri = resolved.withoutFragment.text
            let fragment = resolved.fragment ?? ""
            if draft == .draft7 && !fragment.isEmpty {
                if uri != base { (base, resource) = addResource(uri, pointer: pointer) }
                anchors[uri + "#" + fragment] = pointer
            } else {
                if !fragment.isEmpty {
                    problems.append(
                        SchemaProblem(
                            pointer: pointer + "/$id", code: .invalidSchema,
                            message: "'$id' must not contain a fragment ('#\(fragment)')",
                            hint: "name the location with \"$anchor\": \"\(fragment)\" instead"))
                }
                (base, resource) = addResource(uri, pointer: pointer)
            }
        }
        scopeByPointer[pointer] = (base, resource)
        if draft == .draft2020 {
            if case .string(let anchor)? = object["$anchor"] { anchors[base + "#" + anchor] = pointer }
            if case .string(let anchor)? = object["$dynamicAnchor"] {
                anchors[base + "#" + anchor] = pointer
                resources[resource].dynamicAnchors[anchor] = pointer
            }
        }
        if refOverridesSiblings { return }
        for keyword in Self.singleSchemaKeywords {
            if let child = object[keyword], !child.isArrayValue {
                scan(child, pointer: pointer + "/" + keyword, base: base, resource: resource)
            }
        }
        for keyword in Self.schemaArrayKeywords {
            if case .array(let children)? = object[keyword] {
                for (offset, child) in children.enumerated() {
                    scan(child, pointer: pointer + "/\(keyword)/\(offset)", base: base, resource: resource)
                }
            }
        }
        for keyword in Self.schemaMapKeywords {
            if case .object(let children)? = object[keyword] {
                for (name, child) in children where !child.isArrayValue {
                    scan(
                        child, pointer: pointer + "/\(keyword)/" + JSONPointer.escape(name), base: base,
                        resource: resource)
                }
            }
        }
    }

    private mutating func addResource(_ uri: String, pointer: String) -> (String, Int) {
        if let existing = resourceIndexByURI[uri], resources[existing].pointer == pointer { return (uri, existing) }
        resources.append(Resource(uri: uri, pointer: pointer))
        resourceIndexByURI[uri] = resources.count - 1
        return (uri, resources.count - 1)
    }

    /// The base URI and resource in force at `pointer`: its own, or its nearest scanned ancestor's.
    private func scope(of pointer: String) -> (base: String, resource: Int) {
        var current = pointer
        while true {
            if let found = scopeByPointer[current] { return found }
            guard let slash = current.lastIndex(of: "/") else { return (resources[0].uri, 0) }
            current = String(current[..<slash])
        }
    }

    // MARK: - Pass two: nodes

    /// The index of the node for the schema at `pointer`, reserving it (and queueing its compilation) if new.
    private mutating func node(at pointer: String) -> Int {
        if let existing = nodeIndexByPointer[pointer] { return existing }
        let index = nodes.count
        nodes.append(SchemaNode(body: .constant(true), pointer: pointer, resource: 0, collectsAnnotations: false))
        nodeIndexByPointer[pointer] = index
        pending.append(index)
        return index
    }

    private mutating func build(pointer: String, index: Int) -> SchemaNode {
        let resource = scope(of: pointer).resource
        switch JSONPointer.value(at: pointer, in: document) {
        case .bool(let value)?:
            return SchemaNode(body: .constant(value), pointer: pointer, resource: resource, collectsAnnotations: false)
        case .object(let object)?:
            var reader = KeywordReader(object: object, pointer: pointer)
            let keywords = readKeywords(&reader)
            problems += reader.problems
            let collects = keywords.contains {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: true
                default: false
                }
            }
            let body: SchemaNode.Body = keywords.isEmpty ? .constant(true) : .keywords(keywords)
            return SchemaNode(body: body, pointer: pointer, resource: resource, collectsAnnotations: collects)
        default:
            problems.append(
                SchemaProblem(
                    pointer: pointer, code: .invalidSchema, message: "a schema must be an object or a boolean",
                    hint: "write {} to accept anything, or false to accept nothing"))
            return SchemaNode(body: .constant(true), pointer: pointer, resource: resource, collectsAnnotations: false)
        }
    }

    // MARK: - References

    /// Resolves `reference` from the schema at `pointer` to the pointer of its target, or records a problem.
    private mutating func resolve(_ reference: String, from pointer: String, keyword: String) -> String? {
        let base = scope(of: pointer).base
        let absolute = URIReference(reference).resolved(against: URIReference(base))
        let uri = absolute.withoutFragment.text
        let fragment = URIReference.percentDecoded(absolute.fragment ?? "")
        var target: String?
        if let resourceIndex = resourceIndexByURI[uri] {
            let resourcePointer = resources[resourceIndex].pointer
            if fragment.isEmpty {
                target = resourcePointer
            } else if fragment.hasPrefix("/") {
                if let tokens = JSONPointer.tokens(fragment) {
                    let candidate = resourcePointer + JSONPointer.make(tokens)
                    if JSONPointer.value(at: candidate, in: document) != nil { target = candidate }
                }
            } else {
                target = anchors[uri + "#" + fragment]
            }
        } else if fragment.isEmpty == false, !fragment.hasPrefix("/") {
            target = anchors[uri + "#" + fragment]
        }
        if target == nil {
            problems.append(
                SchemaProblem(
                    pointer: pointer + "/" + keyword, code: .unresolvedSchemaReference,
                    message: "'\(reference)' does not resolve to a schema in this document",
                    hint: "references must point inside the same file: '#/$defs/name', an '$anchor', or an '$id'"))
        }
        return target
    }

    // MARK: - Keywords

    private mutating func readKeywords(_ reader: inout KeywordReader) -> [Keyword] {
        let pointer = reader.pointer
        if draft == .draft7, let reference = reader.checkedString("$ref") {
            guard let target = resolve(reference, from: pointer, keyword: "$ref") else { return [] }
            return [.reference(node(at: target))]
        }
        var keywords: [Keyword] = []
        if let names = reader.typeNames() {
            var set = JSONTypeSet()
            for name in names { if let type = JSONTypeSet(name: name) { set.insert(type) } }
            keywords.append(.type(set, names: names))
        }
        if let values = reader.array("enum") { keywords.append(.enumeration(values)) }
        if let value = reader.object["const"] { keywords.append(.constant(value)) }
        if let divisor = reader.number("multipleOf") {
            if divisor.doubleValue > 0 {
                keywords.append(.multipleOf(divisor))
            } else {
                reader.report("multipleOf", "'multipleOf' must be greater than 0")
            }
        }
        if let value = reader.number("maximum") { keywords.append(.maximum(value)) }
        if let value = reader.number("minimum") { keywords.append(.minimum(value)) }
        if let value = reader.number("exclusiveMaximum") { keywords.append(.exclusiveMaximum(value)) }
        if let value = reader.number("exclusiveMinimum") { keywords.append(.exclusiveMinimum(value)) }
        if let value = reader.count("maxLength") { keywords.append(.maxLength(value)) }
        if let value = reader.count("minLength") { keywords.append(.minLength(value)) }
        if let regex = reader.regex("pattern") { keywords.append(.pattern(regex)) }
        if let format = reader.checkedString("format") { keywords.append(.format(format)) }
        if let value = reader.count("maxItems") { keywords.append(.maxItems(value)) }
        if let value = reader.count("minItems") { keywords.append(.minItems(value)) }
        if reader.bool("uniqueItems") == true { keywords.append(.uniqueItems) }
        if let value = reader.count("maxProperties") { keywords.append(.maxProperties(value)) }
        if let value = reader.count("minProperties") { keywords.append(.minProperties(value)) }
        if let names = reader.strings("required") { keywords.append(.required(names)) }

        appendArrayKeywords(&reader, to: &keywords)
        appendObjectKeywords(&reader, to: &keywords)

        if let children = reader.schemaArray("allOf") { keywords.append(.allOf(children.map { node(at: $0) })) }
        if let children = reader.schemaArray("anyOf") { keywords.append(.anyOf(children.map { node(at: $0) })) }
        if let children = reader.schemaArray("oneOf") { keywords.append(.oneOf(children.map { node(at: $0) })) }
        if let child = reader.schema("not") { keywords.append(.not(node(at: child))) }
        if let condition = reader.schema("if") {
            let then = reader.schema("then").map { node(at: $0) }
            let otherwise = reader.schema("else").map { node(at: $0) }
            if then != nil || otherwise != nil {
                keywords.append(.conditional(condition: node(at: condition), then: then, otherwise: otherwise))
            }
        } else {
            _ = reader.schema("then")
            _ = reader.schema("else")
        }
        if let reference = reader.checkedString("$ref"), let target = resolve(reference, from: pointer, keyword: "$ref")
        {
            keywords.append(.reference(node(at: target)))
        }
        if draft == .draft2020, let reference = reader.checkedString("$dynamicRef"),
            let target = resolve(reference, from: pointer, keyword: "$dynamicRef")
        {
            var anchor: String?
            let fragment = URIReference(reference).fragment ?? ""
            if !fragment.isEmpty, !fragment.hasPrefix("/"),
                JSONPointer.value(at: target, in: document)?["$dynamicAnchor"] == .string(fragment)
            {
                anchor = fragment
                usesDynamicAnchors = true
            }
            keywords.append(.dynamicReference(node(at: target), anchor: anchor))
        }
        if draft == .draft2020 {
            if let child = reader.schema("unevaluatedItems") { keywords.append(.unevaluatedItems(node(at: child))) }
            if let child = reader.schema("unevaluatedProperties") {
                keywords.append(.unevaluatedProperties(node(at: child)))
            }
        }
        _ = reader.schemaMap("$defs")
        _ = reader.schemaMap("definitions")
        return keywords
    }

    private mutating func appendArrayKeywords(_ reader: inout KeywordReader, to keywords: inout [Keyword]) {
        switch draft {
        case .draft2020:
            let prefix = reader.schemaArray("prefixItems") ?? []
            if !prefix.isEmpty { keywords.append(.prefixItems(prefix.map { node(at: $0) })) }
            if reader.object["items"]?.isArrayValue == true {
                reader.report(
                    "items", "'items' must be a schema in draft 2020-12",
                    hint: "use 'prefixItems' for a list of schemas, or declare draft-07 with \"$schema\"")
            } else if let child = reader.schema("items") {
                keywords.append(.items(node(at: child), from: prefix.count))
            }
            if let child = reader.schema("contains") {
                let minimum = reader.count("minContains") ?? 1
                keywords.append(.contains(node(at: child), minimum: minimum, maximum: reader.count("maxContains")))
            }
        case .draft7:
            if reader.object["items"]?.isArrayValue == true {
                let prefix = reader.schemaArray("items", allowEmpty: true) ?? []
                keywords.append(.prefixItems(prefix.map { node(at: $0) }))
                if let child = reader.schema("additionalItems") {
                    keywords.append(.items(node(at: child), from: prefix.count))
                }
            } else if let child = reader.schema("items") {
                keywords.append(.items(node(at: child), from: 0))
            }
            if let child = reader.schema("contains") {
                keywords.append(.contains(node(at: child), minimum: 1, maximum: nil))
            }
        }
    }

    private mutating func appendObjectKeywords(_ reader: inout KeywordReader, to keywords: inout [Keyword]) {
        var known: Set<String> = []
        var patterns: [ECMARegex] = []
        if let children = reader.schemaMap("properties") {
            var table: [String: Int] = [:]
            for (name, pointer) in children { table[name] = node(at: pointer) }
            known = Set(table.keys)
            keywords.append(.properties(table, order: children.map(\.name)))
        }
        if let children = reader.schemaMap("patternProperties") {
            var compiled: [(regex: ECMARegex, node: Int)] = []
            for (pattern, pointer) in children {
                guard let regex = reader.compile(pattern, at: "patternProperties/" + JSONPointer.escape(pattern))
                else { continue }
                compiled.append((regex, node(at: pointer)))
            }
            patterns = compiled.map(\.regex)
            keywords.append(.patternProperties(compiled))
        }
        if let child = reader.schema("additionalProperties") {
            keywords.append(.additionalProperties(node(at: child), known: known, patterns: patterns))
        }
        if let child = reader.schema("propertyNames") { keywords.append(.propertyNames(node(at: child))) }
        switch draft {
        case .draft2020:
            if let table = reader.stringArrayMap("dependentRequired") { keywords.append(.dependentRequired(table)) }
            if let children = reader.schemaMap("dependentSchemas") {
                keywords.append(.dependentSchemas(children.map { ($0.name, node(at: $0.pointer)) }))
            }
        case .draft7:
            guard case .object(let dependencies)? = reader.object["dependencies"] else { break }
            var required: [(property: String, required: [String])] = []
            var schemas: [(property: String, node: Int)] = []
            for (name, value) in dependencies {
                let childPointer = reader.pointer + "/dependencies/" + JSONPointer.escape(name)
                switch value {
                case .array(let names):
                    required.append((name, names.compactMap(\.stringValue)))
                case .object, .bool:
                    schemas.append((name, node(at: childPointer)))
                default:
                    reader.report(
                        "dependencies/" + JSONPointer.escape(name),
                        "each value of 'dependencies' must be an array of property names or a schema")
                }
            }
            if !required.isEmpty { keywords.append(.dependentRequired(required)) }
            if !schemas.isEmpty { keywords.append(.dependentSchemas(schemas)) }
        }
    }
}

extension JSONValue {
    /// Whether the value is an array.
    var isArrayValue: Bool {
        if case .array = self { return true }
        return false
    }
}
