public import SluiceCore

/// A schema rewritten for one provider's dialect, with what the rewrite had to give up.
public struct DialectTranslation: Sendable, Hashable {
    /// A keyword removed or weakened, and where: `minLength` at `/properties/name`.
    public struct DroppedKeyword: Sendable, Hashable, CustomStringConvertible {
        /// The JSON pointer of the schema object that held it.
        public var schemaLocation: String
        /// The keyword.
        public var keyword: String

        /// `minLength at #/properties/name`.
        public var description: String { "\(keyword) at #\(schemaLocation)" }
    }

    /// The schema to send to the provider.
    public var schema: JSONValue
    /// Keywords the provider will not enforce; local validation still does.
    public var droppedKeywords: [DroppedKeyword]
    /// For OpenAI strict mode: the locations of properties made required-but-nullable.
    ///
    /// ``removingAddedNulls(from:)`` uses them to turn `null` back into an absent property.
    public var nullableOptionalProperties: Set<String>
}

/// Translates a user's schema to a provider's structured-output dialect (see ``SchemaDialect``).
public enum SchemaDialectTranslator {
    /// The translation of `schema`'s document to `dialect`.
    ///
    /// Throws a ``DiagnosticError`` (code `schema-dialect-unsupported`) when the dialect cannot take
    /// the schema at all: OpenAI strict mode needs an object at the root. A caller then falls back
    /// to plain JSON mode and relies on local validation.
    public static func translate(
        _ schema: Schema, to dialect: SchemaDialect
    ) throws(DiagnosticError)
        -> DialectTranslation
    {
        var translator = Translator(dialect: dialect, draft: schema.draft)
        let root = translator.rewrite(schema.document, at: "")
        if dialect == .openAIStrict {
            let isObject = root["type"] == .string("object")
            if !isObject {
                throw DiagnosticError(
                    .error(
                        .schemaDialectUnsupported,
                        "OpenAI strict structured output needs an object schema at the root", at: nil,
                        hint:
                            "wrap the output in an object, e.g. {\"type\": \"object\", \"properties\": {\"items\": …}}")
                )
            }
        }
        return DialectTranslation(
            schema: root, droppedKeywords: translator.dropped, nullableOptionalProperties: translator.nullable)
    }

    private struct Translator {
        let dialect: SchemaDialect
        let draft: SchemaDraft
        var dropped: [DialectTranslation.DroppedKeyword] = []
        var nullable: Set<String> = []

        private static let annotations: Set<String> = ["title", "description", "default", "examples", "$comment"]
        private static let ignoredCoreKeywords: Set<String> = ["$schema", "$id", "$anchor", "definitions"]

        mutating func drop(_ keyword: String, at pointer: String) {
            dropped.append(.init(schemaLocation: pointer, keyword: keyword))
        }

        // swiftlint:disable:next cyclomatic_complexity function_body_length
        mutating func rewrite(_ value: JSONValue, at pointer: String) -> JSONValue {
            guard case .object(let object) = value else {
                if value == .bool(false) {
                    drop("false", at: pointer)
                    return .object(JSONObject())
                }
                return .object(JSONObject())
            }
            var result = JSONObject()
            let supported = dialect.supportedKeywords
            for (keyword, member) in object {
                let path = pointer + "/" + JSONPointer.escape(keyword)
                switch keyword {
                case _ where Self.annotations.contains(keyword):
                    result[keyword] = member
                case "properties", "$defs", "definitions":
                    guard case .object(let children) = member else { continue }
                    // Draft-07 `definitions` become `$defs`, which every dialect accepts.
                    let target = keyword == "properties" ? "properties" : "$defs"
                    var rewritten = JSONObject()
                    for (name, child) in children {
                        rewritten[name] = rewrite(child, at: pointer + "/\(target)/" + JSONPointer.escape(name))
                    }
                    result[target] = .object(rewritten)
                case "items" where member.isArrayValue:
                    if supported.contains("prefixItems"), case .array(let children) = member {
                        result["prefixItems"] = .array(
                            children.enumerated().map { rewrite($0.element, at: path + "/\($0.offset)") })
                    } else {
                        drop("items", at: pointer)
                    }
                case "items":
                    result["items"] = rewrite(member, at: path)
                case "additionalProperties":
                    if case .bool = member {
                        result[keyword] = member
                    } else if dialect == .gemini {
                        result[keyword] = rewrite(member, at: path)
                    } else {
                        // Strict dialects need `false` here; a map-like object cannot be expressed.
                        drop("additionalProperties", at: pointer)
                    }
                case "anyOf", "oneOf", "allOf", "prefixItems":
                    guard case .array(let children) = member else { continue }
                    if keyword == "allOf" && children.count == 1 && !supported.contains("allOf") {
                        // A single-entry allOf is the same as its one schema: merge it in.
                        if case .object(let merged) = rewrite(children[0], at: path + "/0") {
                            for (name, inner) in merged where result[name] == nil { result[name] = inner }
                        }
                        continue
                    }
                    let target = keyword == "oneOf" ? "anyOf" : keyword
                    guard supported.contains(target) else {
                        drop(keyword, at: pointer)
                        continue
                    }
                    if keyword == "oneOf" { drop("oneOf (sent as anyOf)", at: pointer) }
                    result[target] = .array(
                        children.enumerated().map { rewrite($0.element, at: path + "/\($0.offset)") })
                case "const":
                    if supported.contains("enum") {
                        result["enum"] = .array([member])
                    } else {
                        drop(keyword, at: pointer)
                    }
                case "$ref":
                    guard case .string(let reference) = member else { continue }
                    result["$ref"] = .string(reference.replacing("#/definitions/", with: "#/$defs/"))
                case "format":
                    if let formats = dialect.supportedFormats, let name = member.stringValue, !formats.contains(name) {
                        drop("format", at: pointer)
                    } else {
                        result["format"] = member
                    }
                case "minItems" where dialect == .anthropic:
                    if let count = member.intValue, count > 1 {
                        drop("minItems", at: pointer)
                        result["minItems"] = 1
                    } else {
                        result["minItems"] = member
                    }
                case "enum" where dialect == .gemini:
                    if case .array(let values) = member, values.allSatisfy({ $0.stringValue != nil || $0.isNumber }) {
                        result["enum"] = member
                    } else {
                        drop("enum", at: pointer)
                    }
                case _ where Self.ignoredCoreKeywords.contains(keyword):
                    if supported.contains(keyword) { result[keyword] = member }
                case _ where supported.contains(keyword):
                    result[keyword] = member
                default:
                    drop(keyword, at: pointer)
                }
            }
            return .object(finish(result, original: object, at: pointer))
        }

        /// Dialect-wide rules for object schemas and `$ref` siblings.
        private mutating func finish(_ schema: JSONObject, original: JSONObject, at pointer: String) -> JSONObject {
            var schema = schema
            let isObject = schema["type"] == .string("object") || schema["properties"] != nil
            if isObject && dialect != .gemini {
                schema["additionalProperties"] = false
                if schema["type"] == nil { schema["type"] = "object" }
            }
            if dialect == .gemini, case .object(let properties)? = schema["properties"],
                schema["propertyOrdering"] == nil
            {
                schema["propertyOrdering"] = .array(properties.keys.map { .string($0) })
            }
            if dialect == .openAIStrict, case .object(var properties)? = schema["properties"] {
                let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
                for name in properties.keys where !required.contains(name) {
                    if let property = properties[name] { properties[name] = Self.nullable(property) }
                    nullable.insert(pointer + "/properties/" + JSONPointer.escape(name))
                }
                schema["properties"] = .object(properties)
                schema["required"] = .array(properties.keys.map { .string($0) })
            }
            if schema["$ref"] != nil && (dialect == .gemini || dialect == .openAIStrict) {
                // These dialects refuse keywords beside `$ref`; the reference wins.
                for keyword in schema.keys
                where keyword != "$ref" && !keyword.hasPrefix("$")
                    && !Self.annotations.contains(keyword)
                {
                    if keyword != "additionalProperties" && keyword != "type" { drop(keyword, at: pointer) }
                    schema[keyword] = nil
                }
            }
            return schema
        }

        /// `property` widened to also accept `null`.
        private static func nullable(_ property: JSONValue) -> JSONValue {
            guard case .object(var object) = property else { return property }
            switch object["type"] {
            case .string(let name)?:
                object["type"] = .array([.string(name), "null"])
                if case .array(let values)? = object["enum"], !values.contains(.null) {
                    object["enum"] = .array(values + [.null])
                }
                return .object(object)
            case .array(let names)? where !names.contains("null"):
                object["type"] = .array(names + ["null"])
                return .object(object)
            default:
                return ["anyOf": [property, ["type": "null"]]]
            }
        }
    }
}

extension DialectTranslation {
    /// `output` with the `null`s OpenAI strict mode had to produce for absent optional properties removed.
    ///
    /// Walks the output alongside the translated schema's `properties` and `items`; a property
    /// that translation made nullable and whose value is `null` is removed, so the output
    /// validates against the user's original schema.
    public func removingAddedNulls(from output: JSONValue) -> JSONValue {
        guard !nullableOptionalProperties.isEmpty else { return output }
        return strip(output, schema: schema, pointer: "", depth: 0)
    }

    private func strip(_ value: JSONValue, schema: JSONValue, pointer: String, depth: Int) -> JSONValue {
        guard depth < 64 else { return value }
        var schema = schema
        var pointer = pointer
        // A nullable wrapper (`anyOf: [schema, {type: null}]`) stands for its non-null branch.
        if case .array(let branches)? = schema["anyOf"], branches.count == 2, branches.contains(["type": "null"]),
            let branch = branches.first(where: { $0 != ["type": "null"] })
        {
            schema = branch
        }
        if case .string(let reference)? = schema["$ref"], reference.hasPrefix("#"),
            let target = JSONPointer.value(at: String(reference.dropFirst()), in: self.schema)
        {
            schema = target
            pointer = String(reference.dropFirst())
        }
        switch value {
        case .object(let object):
            guard case .object(let properties)? = schema["properties"] else { return value }
            var result = JSONObject()
            for (name, member) in object {
                let location = pointer + "/properties/" + JSONPointer.escape(name)
                if member == .null && nullableOptionalProperties.contains(location) { continue }
                if let child = properties[name] {
                    result[name] = strip(member, schema: child, pointer: location, depth: depth + 1)
                } else {
                    result[name] = member
                }
            }
            return .object(result)
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.map { strip($0, schema: items, pointer: pointer + "/items", depth: depth + 1) })
        default:
            return value
        }
    }
}
