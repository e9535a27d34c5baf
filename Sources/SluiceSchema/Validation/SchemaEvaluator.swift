import SluiceCore

/// Which parts of an instance in-place subschemas have evaluated, for `unevaluated*`.
struct EvaluatedParts {
    /// Property names, told apart by code points as JSON does.
    var properties: Set<CodePointKey> = []
    var allProperties = false
    var itemPrefix = 0
    var allItems = false
    var items: Set<Int> = []

    mutating func merge(_ other: EvaluatedParts) {
        properties.formUnion(other.properties)
        allProperties = allProperties || other.allProperties
        itemPrefix = max(itemPrefix, other.itemPrefix)
        allItems = allItems || other.allItems
        items.formUnion(other.items)
    }
}

/// Runs a compiled schema against one instance.
///
/// Two modes share one code path: with `record` off it only answers valid or not and stops at the
/// first failure; with `record` on it collects located errors. Subschemas whose failure is not
/// itself an error (`anyOf` branches, `not`, `if`, `contains`) always run with `record` off.
/// Evaluated-part tracking is switched on only below a schema that has `unevaluated*`.
struct SchemaEvaluator {
    let schema: Schema
    let options: ValidationOptions
    private(set) var errors: [ValidationError] = []
    private(set) var isTruncated = false
    private var instancePath: [String] = []
    private var dynamicScope: [Int] = []
    private var depth = 0
    /// Nested subschema evaluations beyond this fail instead of exhausting the stack. Reference
    /// loops that never reach deeper into the instance (`{"$ref": "#"}`) are refused when the schema
    /// is compiled (``ReferenceLoopFinder``); this bound is what remains for loops that only a
    /// `$dynamicRef` closes, and for very deep instances. Tasks run on small stacks, so the bound is kept well inside them (debug builds
    /// included); it allows instances nested about 60 levels deep through `$ref`s and `anyOf`s,
    /// far beyond what structured output needs.
    static let maximumDepth = 200

    init(schema: Schema, options: ValidationOptions) {
        self.schema = schema
        self.options = options
    }

    // MARK: - Nodes

    mutating func evaluate(
        _ index: Int, _ instance: JSONValue, record: Bool, evaluated: inout EvaluatedParts?
    ) -> Bool {
        let node = schema.nodes[index]
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            if record {
                report(
                    node, keyword: "$ref",
                    expected: "subschemas nested at most \(Self.maximumDepth) deep while validating",
                    found: "deeper nesting, or references that loop without reaching deeper into the value")
                isTruncated = true
            }
            return false
        }
        switch node.body {
        case .constant(let value):
            if !value && record {
                report(
                    node, keyword: "false", expected: "nothing (the schema is false)", found: Self.describe(instance))
            }
            return value
        case .keywords(let keywords):
            let entersResource = dynamicScope.last != node.resource
            if entersResource { dynamicScope.append(node.resource) }
            defer { if entersResource { dynamicScope.removeLast() } }
            var local: EvaluatedParts? = evaluated != nil || node.collectsAnnotations ? EvaluatedParts() : nil
            var valid = true
            for keyword in keywords where !apply(keyword, node, instance, record: record, evaluated: &local) {
                valid = false
                if !record || isTruncated { return false }
            }
            if valid, let local { evaluated?.merge(local) }
            return valid
        }
    }

    private mutating func evaluateChild(
        _ index: Int, _ instance: JSONValue, pathToken: String, record: Bool
    ) -> Bool {
        var none: EvaluatedParts?
        guard record else { return evaluate(index, instance, record: false, evaluated: &none) }
        instancePath.append(pathToken)
        defer { instancePath.removeLast() }
        return evaluate(index, instance, record: true, evaluated: &none)
    }

    private mutating func matches(_ index: Int, _ instance: JSONValue) -> Bool {
        var none: EvaluatedParts?
        return evaluate(index, instance, record: false, evaluated: &none)
    }

    // MARK: - Keywords

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func apply(
        _ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, record: Bool, evaluated: inout EvaluatedParts?
    ) -> Bool {
        switch keyword {
        case .type(let types, let names):
            if types.admits(instance) { return true }
            return fail(
                record, node, keyword, expected: names.joined(separator: " or "), found: Self.describe(instance))
        case .enumeration(let values):
            if values.contains(instance) { return true }
            let listed = values.prefix(10).map { $0.formatted(.compact) }.joined(separator: ", ")
            return fail(
                record, node, keyword, expected: "one of \(listed)\(values.count > 10 ? ", …" : "")",
                found: Self.describe(instance))
        case .constant(let value):
            if value == instance { return true }
            return fail(record, node, keyword, expected: Self.shortText(value), found: Self.describe(instance))
        case .multipleOf(let divisor):
            guard instance.isNumber, !NumberComparison.isMultiple(instance, of: divisor) else { return true }
            return fail(record, node, keyword, expected: "a multiple of \(divisor)", found: Self.shortText(instance))
        case .maximum(let bound):
            return checkBound(instance, bound, allowed: -1...0, "a number at most", record, node, keyword)
        case .exclusiveMaximum(let bound):
            return checkBound(instance, bound, allowed: -1...(-1), "a number less than", record, node, keyword)
        case .minimum(let bound):
            return checkBound(instance, bound, allowed: 0...1, "a number at least", record, node, keyword)
        case .exclusiveMinimum(let bound):
            return checkBound(instance, bound, allowed: 1...1, "a number greater than", record, node, keyword)
        case .maxLength(let limit):
            // A string never has more code points than UTF-8 bytes, so most strings pass uncounted.
            guard case .string(let text) = instance, text.utf8.count > limit else { return true }
            let length = text.unicodeScalars.count
            if length <= limit { return true }
            return fail(
                record, node, keyword, expected: "at most \(Self.plural(limit, "character"))",
                found: Self.plural(length, "character"))
        case .minLength(let limit):
            // A code point takes at most four UTF-8 bytes; `limit / 4` cannot overflow as `limit * 4` would.
            guard case .string(let text) = instance, text.utf8.count / 4 < limit else { return true }
            let length = text.unicodeScalars.count
            if length >= limit { return true }
            return fail(
                record, node, keyword, expected: "at least \(Self.plural(limit, "character"))",
                found: Self.plural(length, "character"))
        case .pattern(let regex):
            guard case .string(let text) = instance else { return true }
            switch regex.decide(text) {
            case true: return true
            case false:
                return fail(
                    record, node, keyword, expected: "a string matching /\(regex.source)/",
                    found: Self.shortText(instance))
            case nil:
                return fail(
                    record, node, keyword,
                    expected: "a string /\(regex.source)/ can be checked against in bounded time",
                    found: "\(Self.shortText(instance)), on which the pattern backtracks without end; simplify it")
            }
        case .format(let format):
            guard options.assertsFormat, case .string(let text) = instance,
                FormatChecker.check(format, text) == false
            else { return true }
            return fail(record, node, keyword, expected: "a valid \(format)", found: Self.shortText(instance))
        case .maxItems(let limit):
            guard case .array(let elements) = instance, elements.count > limit else { return true }
            return fail(
                record, node, keyword, expected: "at most \(Self.plural(limit, "item"))",
                found: Self.plural(elements.count, "item"))
        case .minItems(let limit):
            guard case .array(let elements) = instance, elements.count < limit else { return true }
            return fail(
                record, node, keyword, expected: "at least \(Self.plural(limit, "item"))",
                found: Self.plural(elements.count, "item"))
        case .uniqueItems:
            guard case .array(let elements) = instance, let (first, second) = Self.firstDuplicate(elements) else {
                return true
            }
            return fail(
                record, node, keyword, expected: "unique items", found: "items \(first) and \(second) are equal")
        case .contains(let child, let minimum, let maximum):
            return applyContains(child, minimum, maximum, instance, record, node, keyword, &evaluated)
        case .maxProperties(let limit):
            guard case .object(let object) = instance, object.count > limit else { return true }
            return fail(
                record, node, keyword, expected: "at most \(Self.plural(limit, "property", "properties"))",
                found: Self.plural(object.count, "property", "properties"))
        case .minProperties(let limit):
            guard case .object(let object) = instance, object.count < limit else { return true }
            return fail(
                record, node, keyword, expected: "at least \(Self.plural(limit, "property", "properties"))",
                found: Self.plural(object.count, "property", "properties"))
        case .required(let names):
            guard case .object(let object) = instance else { return true }
            var valid = true
            // Comparing against the few keys of an object is cheaper than hashing each name.
            let keys = object.keys
            for name in names
            where keys.count > 16
                ? !object.contains(key: name) : !keys.containsCodePoints(name)
            {
                valid = false
                guard record else { return false }
                report(node, keyword: "required", expected: "required property '\(name)'", found: "it is missing")
            }
            return valid
        case .dependentRequired(let table):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, required) in table where object.contains(key: property) {
                for name in required where !object.contains(key: name) {
                    valid = false
                    guard record else { return false }
                    report(
                        node, keyword: keyword.name,
                        expected: "property '\(name)' (required when '\(property)' is present)", found: "it is missing")
                }
            }
            return valid
        case .properties(let table):
            guard case .object(let object) = instance else { return true }
            if !record && evaluated == nil {
                // Fast path: no errors or annotations are kept, so take whichever side is smaller.
                var none: EvaluatedParts?
                if object.count < table.names.count {
                    for (name, value) in object {
                        guard let child = table.node(for: name) else { continue }
                        if !evaluate(child, value, record: false, evaluated: &none) { return false }
                    }
                } else {
                    for position in table.names.indices {
                        guard let value = object[table.names[position]] else { continue }
                        if !evaluate(table.nodes[position], value, record: false, evaluated: &none) { return false }
                    }
                }
                return true
            }
            var valid = true
            if object.count < table.names.count {
                for name in object.keys {
                    guard let child = table.node(for: name), let value = object[name] else { continue }
                    evaluated?.properties.insert(CodePointKey(name))
                    if !evaluateChild(child, value, pathToken: name, record: record) {
                        valid = false
                        if !record { return false }
                    }
                }
            } else {
                for name in table.names {
                    guard let value = object[name], let child = table.node(for: name) else { continue }
                    evaluated?.properties.insert(CodePointKey(name))
                    if !evaluateChild(child, value, pathToken: name, record: record) {
                        valid = false
                        if !record { return false }
                    }
                }
            }
            return valid
        case .patternProperties(let patterns):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (name, value) in object {
                for (regex, child) in patterns where regex.matches(name) {
                    evaluated?.properties.insert(CodePointKey(name))
                    if !evaluateChild(child, value, pathToken: name, record: record) {
                        valid = false
                        if !record { return false }
                    }
                }
            }
            return valid
        case .additionalProperties(let rule):
            guard case .object(let object) = instance else { return true }
            if !record && evaluated == nil {
                let rejectsAll = schema.nodes[rule.node].rejectsEverything
                for (name, value) in object where rule.isAdditional(name) {
                    if rejectsAll || !matches(rule.node, value) { return false }
                }
                return true
            }
            var extra: [(String, JSONValue)] = []
            for name in object.keys where rule.isAdditional(name) {
                if let value = object[name] { extra.append((name, value)) }
            }
            evaluated?.properties.formUnion(extra.map { CodePointKey($0.0) })
            return applyToExtraProperties(extra, rule.node, record, node, keyword)
        case .propertyNames(let child):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for name in object.keys where !matches(child, .string(name)) {
                valid = false
                guard record else { return false }
                report(
                    node, keyword: "propertyNames", expected: "property names valid against 'propertyNames'",
                    found: "property name '\(name)'")
            }
            return valid
        case .prefixItems(let children):
            guard case .array(let elements) = instance else { return true }
            var valid = true
            let count = min(children.count, elements.count)
            for position in 0..<count
            where !evaluateChild(children[position], elements[position], pathToken: String(position), record: record) {
                valid = false
                if !record { return false }
            }
            if let current = evaluated?.itemPrefix, current < count { evaluated?.itemPrefix = count }
            return valid
        case .items(let child, let start):
            guard case .array(let elements) = instance else { return true }
            var valid = true
            if start < elements.count {
                for position in start..<elements.count
                where !evaluateChild(child, elements[position], pathToken: String(position), record: record) {
                    valid = false
                    if !record { return false }
                }
            }
            evaluated?.allItems = true
            return valid
        case .unevaluatedItems(let child):
            guard case .array(let elements) = instance else { return true }
            let seen = evaluated ?? EvaluatedParts()
            var valid = true
            if !seen.allItems && seen.itemPrefix < elements.count {
                for position in seen.itemPrefix..<elements.count where !seen.items.contains(position) {
                    if !evaluateChild(child, elements[position], pathToken: String(position), record: record) {
                        valid = false
                        if !record { return false }
                    }
                }
            }
            evaluated?.allItems = true
            return valid
        case .unevaluatedProperties(let child):
            guard case .object(let object) = instance else { return true }
            let seen = evaluated ?? EvaluatedParts()
            var extra: [(String, JSONValue)] = []
            if !seen.allProperties {
                for (name, value) in object where !seen.properties.contains(CodePointKey(name)) {
                    extra.append((name, value))
                }
            }
            evaluated?.allProperties = true
            return applyToExtraProperties(extra, child, record, node, keyword)
        case .allOf(let children):
            var valid = true
            for child in children where !evaluate(child, instance, record: record, evaluated: &evaluated) {
                valid = false
                if !record { return false }
            }
            return valid
        case .anyOf(let children):
            var matched = false
            for child in children {
                var branch: EvaluatedParts? = evaluated == nil ? nil : EvaluatedParts()
                if evaluate(child, instance, record: false, evaluated: &branch) {
                    matched = true
                    guard let branch else { break }
                    evaluated?.merge(branch)
                }
            }
            if matched { return true }
            guard record else { return false }
            report(
                node, keyword: "anyOf", expected: "a value matching at least one of \(children.count) alternatives",
                found: "\(Self.describe(instance)) matching none")
            explainClosest(children, instance)
            return false
        case .oneOf(let children):
            var matchedIndices: [Int] = []
            var matchedParts: EvaluatedParts?
            for (position, child) in children.enumerated() {
                var branch: EvaluatedParts? = evaluated == nil ? nil : EvaluatedParts()
                if evaluate(child, instance, record: false, evaluated: &branch) {
                    matchedIndices.append(position)
                    matchedParts = branch
                    if matchedIndices.count > 1 && !record { return false }
                }
            }
            if matchedIndices.count == 1 {
                if let matchedParts { evaluated?.merge(matchedParts) }
                return true
            }
            guard record else { return false }
            if matchedIndices.isEmpty {
                report(
                    node, keyword: "oneOf", expected: "a value matching exactly one of \(children.count) alternatives",
                    found: "\(Self.describe(instance)) matching none")
                explainClosest(children, instance)
            } else {
                report(
                    node, keyword: "oneOf", expected: "a value matching exactly one of \(children.count) alternatives",
                    found: "a value matching alternatives \(matchedIndices.map(String.init).joined(separator: ", "))")
            }
            return false
        case .not(let child):
            guard matches(child, instance) else { return true }
            return fail(
                record, node, keyword, expected: "a value not matching the 'not' schema", found: Self.describe(instance)
            )
        case .conditional(let condition, let then, let otherwise):
            if then == nil && otherwise == nil && evaluated == nil { return true }
            var conditionParts: EvaluatedParts? = evaluated == nil ? nil : EvaluatedParts()
            if evaluate(condition, instance, record: false, evaluated: &conditionParts) {
                if let conditionParts { evaluated?.merge(conditionParts) }
                guard let then else { return true }
                return evaluate(then, instance, record: record, evaluated: &evaluated)
            }
            guard let otherwise else { return true }
            return evaluate(otherwise, instance, record: record, evaluated: &evaluated)
        case .dependentSchemas(let table):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, child) in table where object.contains(key: property) {
                if !evaluate(child, instance, record: record, evaluated: &evaluated) {
                    valid = false
                    if !record { return false }
                }
            }
            return valid
        case .reference(let target):
            return evaluate(target, instance, record: record, evaluated: &evaluated)
        case .dynamicReference(let target, let anchor):
            var resolved = target
            if let anchor {
                for resource in dynamicScope {
                    if let found = schema.resources[resource].dynamicAnchorNodes[CodePointKey(anchor)] {
                        resolved = found
                        break
                    }
                }
            }
            return evaluate(resolved, instance, record: record, evaluated: &evaluated)
        }
    }

    // MARK: - Keyword helpers

    private mutating func checkBound(
        _ instance: JSONValue, _ bound: SchemaNumber, allowed: ClosedRange<Int>, _ phrase: String, _ record: Bool,
        _ node: SchemaNode, _ keyword: Keyword
    ) -> Bool {
        guard let order = NumberComparison.compare(instance, bound), !allowed.contains(order) else { return true }
        return fail(record, node, keyword, expected: "\(phrase) \(bound)", found: Self.shortText(instance))
    }

    // swiftlint:disable:next function_parameter_count
    private mutating func applyContains(
        _ child: Int, _ minimum: Int, _ maximum: Int?, _ instance: JSONValue, _ record: Bool, _ node: SchemaNode,
        _ keyword: Keyword, _ evaluated: inout EvaluatedParts?
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var count = 0
        for (position, element) in elements.enumerated() where matches(child, element) {
            count += 1
            evaluated?.items.insert(position)
        }
        if count < minimum {
            return fail(
                record, node, keyword, expected: "at least \(Self.plural(minimum, "item")) matching 'contains'",
                found: Self.plural(count, "matching item"))
        }
        if let maximum, count > maximum {
            return fail(
                record, node, keyword, expected: "at most \(Self.plural(maximum, "item")) matching 'contains'",
                found: Self.plural(count, "matching item"))
        }
        return true
    }

    /// `additionalProperties` and `unevaluatedProperties`: a `false` subschema reports the unexpected
    /// names once at the object, which reads better than one "false schema" error per property.
    private mutating func applyToExtraProperties(
        _ extra: [(String, JSONValue)], _ child: Int, _ record: Bool, _ node: SchemaNode, _ keyword: Keyword
    ) -> Bool {
        guard !extra.isEmpty else { return true }
        if case .constant(false) = schema.nodes[child].body {
            let names = extra.prefix(10).map { "'\($0.0)'" }.joined(separator: ", ")
            return fail(
                record, node, keyword, expected: "no properties other than those the schema declares",
                found: "unexpected \(extra.count == 1 ? "property" : "properties") \(names)")
        }
        var valid = true
        for (name, value) in extra where !evaluateChild(child, value, pathToken: name, record: record) {
            valid = false
            if !record { return false }
        }
        return valid
    }

    /// After an `anyOf`/`oneOf` matched nothing, reports the errors of the alternative that came
    /// closest (fewest errors), so a reader knows what to change.
    private mutating func explainClosest(_ children: [Int], _ instance: JSONValue) {
        let saved = errors
        var best: [ValidationError]?
        for child in children {
            errors = []
            var none: EvaluatedParts?
            _ = evaluate(child, instance, record: true, evaluated: &none)
            if !errors.isEmpty, best == nil || errors.count < (best?.count ?? 0) { best = errors }
        }
        errors = saved
        for error in best ?? [] { append(error) }
    }

    private static func firstDuplicate(_ elements: [JSONValue]) -> (Int, Int)? {
        if elements.count < 16 {
            for first in elements.indices {
                for second in (first + 1)..<elements.count where elements[first] == elements[second] {
                    return (first, second)
                }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (position, element) in elements.enumerated() {
            if let earlier = seen[element] { return (earlier, position) }
            seen[element] = position
        }
        return nil
    }

    // MARK: - Reporting

    /// Records an error when `record` is on and returns `false`; the texts are only built when recorded.
    private mutating func fail(
        _ record: Bool, _ node: SchemaNode, _ keyword: Keyword, expected: @autoclosure () -> String,
        found: @autoclosure () -> String
    ) -> Bool {
        if record {
            report(node, keyword: keyword.writtenName(in: node.draft), expected: expected(), found: found())
        }
        return false
    }

    private mutating func report(_ node: SchemaNode, keyword: String, expected: String, found: String) {
        let schemaLocation = node.schemaLocation + (keyword == "false" ? "" : "/" + JSONPointer.escape(keyword))
        append(
            ValidationError(
                instanceLocation: instancePath.map { "/" + JSONPointer.escape($0) }.joined(), keyword: keyword,
                expected: expected, found: found, schemaLocation: schemaLocation))
    }

    private mutating func append(_ error: ValidationError) {
        if errors.count < options.maximumErrors {
            errors.append(error)
        } else {
            isTruncated = true
        }
    }

    private static func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : pluralForm ?? singular + "s")"
    }

    /// A value as an error shows it: its type and a short rendering.
    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool, .integer, .double: "\(value.typeName) \(Self.shortText(value))"
        case .string: "string \(Self.shortText(value))"
        case .array(let elements): "an array of \(Self.plural(elements.count, "item"))"
        case .object(let object): "an object with \(Self.plural(object.count, "property", "properties"))"
        }
    }

    private static func shortText(_ value: JSONValue) -> String {
        let text = value.formatted(.compact)
        guard text.count > 60 else { return text }
        return String(text.prefix(57)) + "…"
    }
}
