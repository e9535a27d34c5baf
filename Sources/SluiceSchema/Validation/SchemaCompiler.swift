import SluiceCore

/// Turns a schema document into the node table ``Schema`` evaluates, collecting every problem.
///
/// Compilation runs in two passes. The first walks every subschema position to learn base URIs,
/// schema resources (`$id`) and anchors, so that references can be resolved in any order. The
/// second compiles nodes on demand, starting at the root and following references, so each
/// schema object reachable from the root is compiled exactly once.
struct SchemaCompiler {
    /// A schema resource: a subschema with its own `$id` (or a document root).
    struct Resource: Sendable {
        var uri: String
        var location: Location
        var dynamicAnchors: [CodePointKey: Location] = [:]
        var dynamicAnchorNodes: [CodePointKey: Int] = [:]
    }

    /// A place in one of the compiled documents: the document's index and a JSON pointer into it.
    struct Location: Hashable, Sendable {
        var document: Int
        var pointer: String

        func appending(_ path: String) -> Location { Location(document: document, pointer: pointer + "/" + path) }

        /// Pointers hold property names, which are told apart by code points as JSON does.
        static func == (lhs: Location, rhs: Location) -> Bool {
            lhs.document == rhs.document && lhs.pointer.hasSameCodePoints(as: rhs.pointer)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(document)
            pointer.hashCodePoints(into: &hasher)
        }
    }

    /// One JSON document taking part: the user's schema first, then any it refers to.
    struct Document {
        var value: JSONValue
        var draft: SchemaDraft
        var uri: String
    }

    private(set) var documents: [Document] = []
    private(set) var nodes: [SchemaNode] = []
    private(set) var resources: [Resource] = []
    private(set) var problems: [SchemaProblem] = []
    private let documentLoader: (String) -> SchemaDocumentLoad
    private var refusals: [CodePointKey: (code: DiagnosticCode, message: String, hint: String)] = [:]
    private var nodeIndexByLocation: [Location: Int] = [:]
    private var pending: [Int] = []
    private var resourceIndexByURI: [CodePointKey: Int] = [:]
    private var anchors: [CodePointKey: Location] = [:]
    private var scopeByLocation: [Location: (base: String, resource: Int)] = [:]
    private var failedLoads: Set<CodePointKey> = []
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

    /// A compiler for `document`, read with `draft`, whose base URI is `baseURI`.
    ///
    /// `documentLoader` supplies other documents by absolute URI (without fragment) when a
    /// reference leaves this one; it returns `nil` for URIs it does not know.
    init(
        document: JSONValue, draft: SchemaDraft, baseURI: String,
        documentLoader: @escaping (String) -> SchemaDocumentLoad = { _ in .unknown }
    ) {
        self.documentLoader = documentLoader
        addDocument(document, draft: draft, uri: URIReference(baseURI).withoutFragment.text)
    }

    private mutating func addDocument(_ value: JSONValue, draft: SchemaDraft, uri: String) {
        let index = documents.count
        documents.append(Document(value: value, draft: draft, uri: uri))
        let (_, resource) = addResource(uri, location: Location(document: index, pointer: ""))
        scan(value, at: Location(document: index, pointer: ""), base: uri, resource: resource)
    }

    /// Compiles the whole document and returns the root node's index.
    mutating func compileRoot() -> Int {
        let root = node(at: Location(document: 0, pointer: ""))
        drainPending()
        var compiledAnchors = 0
        while usesDynamicAnchors {
            var total = 0
            for resourceIndex in resources.indices {
                for (name, location) in resources[resourceIndex].dynamicAnchors {
                    resources[resourceIndex].dynamicAnchorNodes[name] = node(at: location)
                    total += 1
                }
            }
            drainPending()
            if total == compiledAnchors { break }
            compiledAnchors = total
        }
        let compiled = self
        problems += ReferenceLoopFinder(nodes: nodes, reported: { compiled.reported($0) }).problems()
        return root
    }

    private mutating func drainPending() {
        while let index = pending.popLast() {
            nodes[index] = build(at: nodes[index].location, index: index)
        }
    }

    private func value(at location: Location) -> JSONValue? {
        JSONPointer.value(at: location.pointer, in: documents[location.document].value)
    }

    // MARK: - Pass one: identifiers and anchors

    private mutating func scan(_ value: JSONValue, at location: Location, base: String, resource: Int) {
        let draft = documents[location.document].draft
        guard case .object(let object) = value else {
            scopeByLocation[location] = (base, resource)
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
                if !uri.hasSameCodePoints(as: base) { (base, resource) = addResource(uri, location: location) }
                anchors[CodePointKey(uri + "#" + fragment)] = location
            } else {
                if !fragment.isEmpty {
                    problems.append(
                        SchemaProblem(
                            pointer: reported(location.appending("$id")), code: .invalidSchema,
                            message: "'$id' must not contain a fragment ('#\(fragment)')",
                            hint: "name the location with \"$anchor\": \"\(fragment)\" instead"))
                }
                (base, resource) = addResource(uri, location: location)
            }
        }
        scopeByLocation[location] = (base, resource)
        if draft == .draft2020 {
            if case .string(let anchor)? = object["$anchor"] { anchors[CodePointKey(base + "#" + anchor)] = location }
            if case .string(let anchor)? = object["$dynamicAnchor"] {
                anchors[CodePointKey(base + "#" + anchor)] = location
                resources[resource].dynamicAnchors[CodePointKey(anchor)] = location
            }
        }
        if refOverridesSiblings { return }
        for keyword in Self.singleSchemaKeywords {
            if let child = object[keyword], !child.isArrayValue {
                scan(child, at: location.appending(keyword), base: base, resource: resource)
            }
        }
        for keyword in Self.schemaArrayKeywords {
            if case .array(let children)? = object[keyword] {
                for (offset, child) in children.enumerated() {
                    scan(child, at: location.appending("\(keyword)/\(offset)"), base: base, resource: resource)
                }
            }
        }
        for keyword in Self.schemaMapKeywords {
            if case .object(let children)? = object[keyword] {
                for (name, child) in children where !child.isArrayValue {
                    scan(
                        child, at: location.appending(keyword + "/" + JSONPointer.escape(name)), base: base,
                        resource: resource)
                }
            }
        }
    }

    private mutating func addResource(_ uri: String, location: Location) -> (String, Int) {
        if let existing = resourceIndexByURI[CodePointKey(uri)], resources[existing].location == location {
            return (uri, existing)
        }
        resources.append(Resource(uri: uri, location: location))
        resourceIndexByURI[CodePointKey(uri)] = resources.count - 1
        return (uri, resources.count - 1)
    }

    /// The base URI and resource in force at `location`: its own, or its nearest scanned ancestor's.
    private func scope(of location: Location) -> (base: String, resource: Int) {
        var current = location.pointer
        while true {
            if let found = scopeByLocation[Location(document: location.document, pointer: current)] { return found }
            guard let slash = current.unicodeScalars.lastIndex(of: "/") else {
                let root = scopeByLocation[Location(document: location.document, pointer: "")]
                return root ?? (documents[location.document].uri, 0)
            }
            current = String(current.unicodeScalars[..<slash])
        }
    }

    /// How a problem's location is reported: a pointer for the user's document, a URI for others.
    func reported(_ location: Location) -> String {
        location.document == 0 ? location.pointer : documents[location.document].uri + "#" + location.pointer
    }

    // MARK: - Pass two: nodes

    /// The index of the node for the schema at `pointer`, reserving it (and queueing its compilation) if new.
    private mutating func node(at location: Location) -> Int {
        if let existing = nodeIndexByLocation[location] { return existing }
        let index = nodes.count
        nodes.append(
            SchemaNode(
                body: .constant(true), location: location, schemaLocation: "", resource: 0,
                draft: documents[location.document].draft, collectsAnnotations: false))
        nodeIndexByLocation[location] = index
        pending.append(index)
        return index
    }

    private mutating func build(at location: Location, index: Int) -> SchemaNode {
        let resource = scope(of: location).resource
        let draft = documents[location.document].draft
        let schemaLocation =
            location.document == 0 ? "#" + location.pointer : documents[location.document].uri + "#" + location.pointer
        func made(_ body: SchemaNode.Body, collects: Bool = false) -> SchemaNode {
            SchemaNode(
                body: body, location: location, schemaLocation: schemaLocation, resource: resource, draft: draft,
                collectsAnnotations: collects)
        }
        switch value(at: location) {
        case .bool(let value)?:
            return made(.constant(value))
        case .object(let object)?:
            var reader = KeywordReader(object: object, pointer: reported(location))
            let keywords = readKeywords(&reader, at: location)
            problems += reader.problems
            if location.document == 0 { warnAboutLikelyTypos(in: object, at: location) }
            let collects = keywords.contains {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: true
                default: false
                }
            }
            return made(keywords.isEmpty ? .constant(true) : .keywords(keywords), collects: collects)
        default:
            problems.append(
                SchemaProblem(
                    pointer: reported(location), code: .invalidSchema,
                    message: "a schema must be an object or a boolean",
                    hint: "write {} to accept anything, or false to accept nothing"))
            return made(.constant(true))
        }
    }

    /// Every keyword either draft defines, including annotations: a key near one of these but not
    /// equal to it is probably a typo, and a typo in a keyword silently disables that constraint.
    private static let knownKeywords: Set<String> = [
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$defs", "$comment", "$vocabulary",
        "$recursiveRef", "$recursiveAnchor", "definitions", "type", "enum", "const", "multipleOf", "maximum",
        "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "format", "maxItems",
        "minItems", "uniqueItems", "contains", "maxContains", "minContains", "maxProperties", "minProperties",
        "required", "dependentRequired", "dependencies", "properties", "patternProperties", "additionalProperties",
        "propertyNames", "items", "prefixItems", "additionalItems", "unevaluatedItems", "unevaluatedProperties",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "title", "description",
        "default", "examples", "deprecated", "readOnly", "writeOnly", "contentEncoding", "contentMediaType",
        "contentSchema",
    ]

    private mutating func warnAboutLikelyTypos(in object: JSONObject, at location: Location) {
        for key in object.keys where !Self.knownKeywords.contains(key) {
            guard let suggestion = NameSuggestion.nearest(to: key, in: Self.knownKeywords), suggestion != key else {
                continue
            }
            problems.append(
                SchemaProblem(
                    pointer: reported(location.appending(JSONPointer.escape(key))), code: .unknownSchemaKeyword,
                    message: "unknown keyword '\(key)' is ignored", hint: "did you mean '\(suggestion)'?",
                    severity: .warning))
        }
    }

    // MARK: - References

    /// Resolves `reference` from the schema at `pointer` to the pointer of its target, or records a problem.
    private mutating func resolve(_ reference: String, from location: Location, keyword: String) -> Location? {
        let base = scope(of: location).base
        let absolute = URIReference(reference).resolved(against: URIReference(base))
        let uri = absolute.withoutFragment.text
        let fragment = URIReference.percentDecoded(absolute.fragment ?? "")
        if resourceIndexByURI[CodePointKey(uri)] == nil, !failedLoads.contains(CodePointKey(uri)) {
            switch documentLoader(uri) {
            case .loaded(let loaded):
                var draft = documents[0].draft == .draft7 ? .draft7 : SchemaDraft.detected(in: loaded)
                if case .string(let declared)? = loaded["$schema"], let recognised = SchemaDraft.recognising(declared) {
                    draft = recognised
                }
                addDocument(loaded, draft: draft, uri: uri)
            case .unknown:
                failedLoads.insert(CodePointKey(uri))
            case .refused(let code, let message, let hint):
                failedLoads.insert(CodePointKey(uri))
                refusals[CodePointKey(uri)] = (code, message, hint)
            }
        }
        var target: Location?
        if let resourceIndex = resourceIndexByURI[CodePointKey(uri)] {
            let resourceLocation = resources[resourceIndex].location
            if fragment.isEmpty {
                target = resourceLocation
            } else if fragment.hasPrefix("/") {
                if let tokens = JSONPointer.tokens(fragment) {
                    let candidate = Location(
                        document: resourceLocation.document,
                        pointer: resourceLocation.pointer + JSONPointer.make(tokens))
                    if value(at: candidate) != nil { target = candidate }
                }
            } else {
                target = anchors[CodePointKey(uri + "#" + fragment)]
            }
        } else if fragment.isEmpty == false, !fragment.hasPrefix("/") {
            target = anchors[CodePointKey(uri + "#" + fragment)]
        }
        if target == nil, let refusal = refusals[CodePointKey(uri)] {
            problems.append(
                SchemaProblem(
                    pointer: reported(location.appending(keyword)), code: refusal.code,
                    message: "'\(reference)' \(refusal.message)", hint: refusal.hint))
        } else if target == nil {
            problems.append(
                SchemaProblem(
                    pointer: reported(location.appending(keyword)), code: .unresolvedSchemaReference,
                    message: "'\(reference)' does not resolve to a schema in this document",
                    hint:
                        "point at '#/$defs/name', an '$anchor' or '$id' in this document, or a schema file next to this one"
                ))
        }
        return target
    }

    // MARK: - Keywords

    private mutating func readKeywords(_ reader: inout KeywordReader, at location: Location) -> [Keyword] {
        let draft = documents[location.document].draft
        if draft == .draft7, let reference = reader.checkedString("$ref") {
            guard let target = resolve(reference, from: location, keyword: "$ref") else { return [] }
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

        appendArrayKeywords(&reader, at: location, to: &keywords)
        appendObjectKeywords(&reader, at: location, to: &keywords)

        if let children = reader.schemaArray("allOf") {
            keywords.append(.allOf(children.map { node(at: location.appending($0)) }))
        }
        if let children = reader.schemaArray("anyOf") {
            keywords.append(.anyOf(children.map { node(at: location.appending($0)) }))
        }
        if let children = reader.schemaArray("oneOf") {
            keywords.append(.oneOf(children.map { node(at: location.appending($0)) }))
        }
        if let child = reader.schema("not") { keywords.append(.not(node(at: location.appending(child)))) }
        if let condition = reader.schema("if") {
            // Kept even without `then`/`else`: `if` still yields annotations for `unevaluated*`.
            let then = reader.schema("then").map { node(at: location.appending($0)) }
            let otherwise = reader.schema("else").map { node(at: location.appending($0)) }
            keywords.append(
                .conditional(condition: node(at: location.appending(condition)), then: then, otherwise: otherwise))
        } else {
            _ = reader.schema("then")
            _ = reader.schema("else")
        }
        if let reference = reader.checkedString("$ref"),
            let target = resolve(reference, from: location, keyword: "$ref")
        {
            keywords.append(.reference(node(at: target)))
        }
        if draft == .draft2020, let reference = reader.checkedString("$dynamicRef"),
            let target = resolve(reference, from: location, keyword: "$dynamicRef")
        {
            var anchor: String?
            let fragment = URIReference(reference).fragment ?? ""
            if !fragment.isEmpty, !fragment.hasPrefix("/"),
                value(at: target)?["$dynamicAnchor"] == .string(fragment)
            {
                anchor = fragment
                usesDynamicAnchors = true
            }
            keywords.append(.dynamicReference(node(at: target), anchor: anchor))
        }
        if draft == .draft2020 {
            if let child = reader.schema("unevaluatedItems") {
                keywords.append(.unevaluatedItems(node(at: location.appending(child))))
            }
            if let child = reader.schema("unevaluatedProperties") {
                keywords.append(.unevaluatedProperties(node(at: location.appending(child))))
            }
        }
        _ = reader.schemaMap("$defs")
        _ = reader.schemaMap("definitions")
        return keywords
    }

    private mutating func appendArrayKeywords(
        _ reader: inout KeywordReader, at location: Location, to keywords: inout [Keyword]
    ) {
        switch documents[location.document].draft {
        case .draft2020:
            let prefix = reader.schemaArray("prefixItems") ?? []
            if !prefix.isEmpty { keywords.append(.prefixItems(prefix.map { node(at: location.appending($0)) })) }
            if reader.object["items"]?.isArrayValue == true {
                reader.report(
                    "items", "'items' must be a schema in draft 2020-12",
                    hint: "use 'prefixItems' for a list of schemas, or declare draft-07 with \"$schema\"")
            } else if let child = reader.schema("items") {
                keywords.append(.items(node(at: location.appending(child)), from: prefix.count))
            }
            if let child = reader.schema("contains") {
                let minimum = reader.count("minContains") ?? 1
                keywords.append(
                    .contains(
                        node(at: location.appending(child)), minimum: minimum, maximum: reader.count("maxContains")))
            }
        case .draft7:
            if reader.object["items"]?.isArrayValue == true {
                let prefix = reader.schemaArray("items", allowEmpty: true) ?? []
                keywords.append(.prefixItems(prefix.map { node(at: location.appending($0)) }))
                if let child = reader.schema("additionalItems") {
                    keywords.append(.items(node(at: location.appending(child)), from: prefix.count))
                }
            } else if let child = reader.schema("items") {
                keywords.append(.items(node(at: location.appending(child)), from: 0))
            }
            if let child = reader.schema("contains") {
                keywords.append(.contains(node(at: location.appending(child)), minimum: 1, maximum: nil))
            }
        }
    }

    private mutating func appendObjectKeywords(
        _ reader: inout KeywordReader, at location: Location, to keywords: inout [Keyword]
    ) {
        var declared = PropertyTable([])
        var patterns: [ECMARegex] = []
        if let children = reader.schemaMap("properties") {
            let entries = children.map { (name: $0.name, node: node(at: location.appending($0.pointer))) }
            declared = PropertyTable(entries)
            keywords.append(.properties(declared))
        }
        if let children = reader.schemaMap("patternProperties") {
            var compiled: [(regex: ECMARegex, node: Int)] = []
            for (pattern, pointer) in children {
                guard let regex = reader.compile(pattern, at: "patternProperties/" + JSONPointer.escape(pattern))
                else { continue }
                compiled.append((regex, node(at: location.appending(pointer))))
            }
            patterns = compiled.map(\.regex)
            keywords.append(.patternProperties(compiled))
        }
        if let child = reader.schema("additionalProperties") {
            keywords.append(
                .additionalProperties(
                    AdditionalProperties(
                        node: node(at: location.appending(child)), declared: declared, patterns: patterns)
                ))
        }
        if let child = reader.schema("propertyNames") {
            keywords.append(.propertyNames(node(at: location.appending(child))))
        }
        if documents[location.document].draft == .draft2020 {
            if let table = reader.stringArrayMap("dependentRequired") { keywords.append(.dependentRequired(table)) }
            if let children = reader.schemaMap("dependentSchemas") {
                keywords.append(.dependentSchemas(children.map { ($0.name, node(at: location.appending($0.pointer))) }))
            }
        }
        // `dependencies` (draft-07) is honoured in 2020-12 documents too: it was split into the two
        // keywords above, and schemas written for draft-07 keep meaning what they meant.
        guard case .object(let dependencies)? = reader.object["dependencies"] else { return }
        var required: [(property: String, required: [String])] = []
        var schemas: [(property: String, node: Int)] = []
        for (name, value) in dependencies {
            let childLocation = location.appending("dependencies/" + JSONPointer.escape(name))
            switch value {
            case .array(let names):
                required.append((name, names.compactMap(\.stringValue)))
            case .object, .bool:
                schemas.append((name, node(at: childLocation)))
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

extension JSONValue {
    /// Whether the value is an array.
    var isArrayValue: Bool {
        if case .array = self { return true }
        return false
    }
}
