public import SluiceCore

/// Reads typed values out of ``YAMLNode``s, collecting a located diagnostic for every mismatch.
///
/// Each accessor returns `nil` (and records why) instead of throwing, so one pass over a file
/// reports every problem in it.
public struct YAMLReader: Sendable {
    /// Every problem recorded so far, in the order found.
    public var diagnostics: [Diagnostic] = []

    /// A reader with no diagnostics yet.
    public init() {}

    /// Records `diagnostic`.
    public mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Records a wrong-type error: "expected `expected` for 'name', found a list", unless `node` already has a diagnostic.
    public mutating func reportWrongType(_ node: YAMLNode, expected: String, for name: String) {
        // A node already reported (an undefined alias, say) is not reported again for its type.
        guard !diagnostics.contains(where: { $0.location == node.location }) else { return }
        report(
            .error(
                .wrongType, "expected \(expected) for '\(name)', found \(node.kindDescription)", at: node.location,
                hint: nil))
    }

    /// The entries of a mapping; records an error when `node` is something else.
    public mutating func mapping(
        _ node: YAMLNode, for name: String, expected: String = "a mapping"
    )
        -> [YAMLMappingEntry]?
    {
        if let entries = node.mappingEntries { return entries }
        reportWrongType(node, expected: expected, for: name)
        return nil
    }

    /// Records an `unknown-key` error, with a did-you-mean hint, for each key not in `allowed`.
    public mutating func checkKeys(_ entries: [YAMLMappingEntry], allowed: [String], in context: String) {
        // `api_key` is reported by the secret scanner, with advice that matters more than a spelling hint.
        for entry in entries where !allowed.contains(entry.key) && !SecretScanner.secretKeyNames.contains(entry.key) {
            let hint =
                NameSuggestion.hint(for: entry.key, in: allowed)
                ?? "\(context) accepts: \(allowed.joined(separator: ", "))"
            report(.error(.unknownKey, "unknown key '\(entry.key)' in \(context)", at: entry.keyLocation, hint: hint))
        }
    }

    /// A scalar's text; records an error for lists, mappings and null.
    public mutating func string(_ node: YAMLNode, for name: String, expected: String = "a string") -> String? {
        if let text = node.scalarText, !node.isNull { return text }
        reportWrongType(node, expected: expected, for: name)
        return nil
    }

    /// A whole number within `range`; records an error otherwise.
    public mutating func integer(_ node: YAMLNode, for name: String, in range: ClosedRange<Int>) -> Int? {
        guard node.scalarText != nil, case .integer(let value) = node.jsonValue else {
            reportWrongType(node, expected: "a whole number", for: name)
            return nil
        }
        guard range.contains(value) else {
            report(
                .error(
                    .invalidValue, "'\(name)' must be \(describe(range)), found \(value)", at: node.location))
            return nil
        }
        return value
    }

    /// A number within `range`; records an error otherwise.
    public mutating func number(_ node: YAMLNode, for name: String, in range: ClosedRange<Double>) -> Double? {
        guard node.scalarText != nil, let value = node.jsonValue.doubleValue, value.isFinite else {
            reportWrongType(node, expected: "a number", for: name)
            return nil
        }
        guard range.contains(value) else {
            let bounds =
                range.upperBound == .greatestFiniteMagnitude
                ? "at least \(range.lowerBound.pythonDescription)"
                : "between \(range.lowerBound.pythonDescription) and \(range.upperBound.pythonDescription)"
            report(
                .error(
                    .invalidValue, "'\(name)' must be \(bounds), found \(node.scalarText ?? "")", at: node.location))
            return nil
        }
        return value
    }

    /// `true` or `false`; records an error otherwise.
    public mutating func boolean(_ node: YAMLNode, for name: String) -> Bool? {
        if node.scalarText != nil, case .bool(let value) = node.jsonValue { return value }
        reportWrongType(node, expected: "true or false", for: name)
        return nil
    }

    /// A duration such as `30s` or `1h30m`; records an error otherwise.
    public mutating func duration(_ node: YAMLNode, for name: String) -> Duration? {
        guard let text = string(node, for: name, expected: "a duration such as '30s'") else { return nil }
        do throws(DiagnosticError) {
            return try DurationParser.parse(text, at: node.location)
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    /// A scalar as a one-element list, or a list's elements; records an error for mappings and null.
    public mutating func scalarOrList(_ node: YAMLNode, for name: String, expected: String) -> [YAMLNode]? {
        if node.scalarText != nil, !node.isNull { return [node] }
        if let elements = node.sequenceElements { return elements }
        reportWrongType(node, expected: expected, for: name)
        return nil
    }

    /// One string or a list of strings, as a list; records an error for anything else.
    public mutating func stringList(_ node: YAMLNode, for name: String, expected: String) -> [String]? {
        guard let elements = scalarOrList(node, for: name, expected: expected) else { return nil }
        let strings = elements.compactMap { string($0, for: name) }
        return strings.count == elements.count ? strings : nil
    }

    private func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }
}

extension [YAMLMappingEntry] {
    /// The entry for `key`, if present.
    public func entry(_ key: String) -> YAMLMappingEntry? {
        first { $0.key == key }
    }

    /// The value for `key`, if present.
    public func value(_ key: String) -> YAMLNode? {
        entry(key)?.value
    }
}
