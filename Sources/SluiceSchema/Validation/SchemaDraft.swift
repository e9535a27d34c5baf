import SluiceCore

/// The JSON Schema draft whose rules a schema document is read with.
///
/// A document's root `$schema` chooses it. Without one, the caller's choice applies; failing that,
/// a document that uses a form only draft-07 has (array-valued `items`, `additionalItems`,
/// `dependencies`, an `$id` that is a bare `#fragment`, or root `definitions` without any `$defs`)
/// is read as draft-07, and any other as 2020-12. Draft-07
/// differs where it matters for validation: `$ref` overrides its sibling keywords, `items` may be
/// an array (with `additionalItems`), `dependencies` stands for `dependentRequired` and
/// `dependentSchemas`, and there are no `unevaluated*`, `$anchor` or `$dynamicRef` keywords.
public enum SchemaDraft: String, Sendable, Hashable, CaseIterable {
    /// JSON Schema draft 2020-12, the default.
    case draft2020 = "2020-12"
    /// JSON Schema draft-07.
    case draft7 = "draft-07"

    /// How a `$schema` value maps to a draft: `nil` when Sluice does not recognise it.
    ///
    /// Drafts 2019-09 is read with 2020-12 rules, drafts 04 and 06 with draft-07 rules: the keywords
    /// those drafts share with their successor mean the same thing.
    public static func recognising(_ schemaURI: String) -> SchemaDraft? {
        var uri = schemaURI
        if uri.hasSuffix("#") { uri.removeLast() }
        if uri.hasPrefix("https://") { uri = "http://" + uri.dropFirst("https://".count) }
        switch uri {
        case "http://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft/2019-09/schema":
            return .draft2020
        case "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema":
            return .draft7
        default:
            return nil
        }
    }

    /// Draft-07 when `document` uses a form that only draft-07 has, otherwise 2020-12.
    ///
    /// `definitions` counts too when the document never says `$defs`: 2020-12 has no such keyword,
    /// so a document built around it was written for an earlier draft.
    static func detected(in document: JSONValue) -> SchemaDraft {
        if usesDraft7Forms(document, depth: 0) { return .draft7 }
        if document["definitions"]?.objectValue != nil && !mentions("$defs", in: document, depth: 0) { return .draft7 }
        return .draft2020
    }

    private static func mentions(_ keyword: String, in value: JSONValue, depth: Int) -> Bool {
        guard depth < 64 else { return false }
        switch value {
        case .object(let object):
            return object[keyword] != nil || object.values.contains { mentions(keyword, in: $0, depth: depth + 1) }
        case .array(let elements):
            return elements.contains { mentions(keyword, in: $0, depth: depth + 1) }
        default:
            return false
        }
    }

    private static func usesDraft7Forms(_ value: JSONValue, depth: Int) -> Bool {
        guard depth < 64 else { return false }
        switch value {
        case .object(let object):
            if object["additionalItems"] != nil || object["dependencies"]?.objectValue != nil { return true }
            if object["items"]?.isArrayValue == true { return true }
            if let id = object["$id"]?.stringValue, id.hasPrefix("#"), id.count > 1 { return true }
            return object.values.contains { usesDraft7Forms($0, depth: depth + 1) }
        case .array(let elements):
            return elements.contains { usesDraft7Forms($0, depth: depth + 1) }
        default:
            return false
        }
    }
}
