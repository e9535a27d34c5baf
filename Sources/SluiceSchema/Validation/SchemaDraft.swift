/// The JSON Schema draft whose rules a schema document is read with.
///
/// A document's root `$schema` chooses it; a document without one is read as 2020-12. Draft-07
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
}
