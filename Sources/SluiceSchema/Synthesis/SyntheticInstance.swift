public import SluiceCore

/// Builds a small instance that satisfies a schema: what the `local` provider answers for a schema
/// step, and what dry runs show.
///
/// The same schema and seed always give the same instance. Every candidate is checked against the
/// schema (with `format` asserted) before it is returned, so a returned value is always valid;
/// `nil` means the schema is unsatisfiable or too hard for the generator (for example a `pattern`
/// with look-arounds, `not` excluding every simple value, or a `minLength`, `minItems` or
/// `minProperties` above ``largestCount``).
public enum SyntheticInstance {
    /// The most characters, items or properties a generated value may need; a schema that asks for
    /// more gets no instance rather than an allocation as large as its bound.
    public static let largestCount = 10_000

    /// A valid instance for `schema`, or `nil` when none was found.
    public static func generate(for schema: Schema, seed: UInt64 = 0) -> JSONValue? {
        let options = ValidationOptions(assertsFormat: true)
        for attempt in 0..<12 {
            var builder = SyntheticBuilder(
                schema: schema, random: SeededRandom(seed: seed &+ UInt64(attempt) &* 0x5851_F42D),
                includesOptional: attempt % 2 == 0, variant: attempt)
            if let candidate = builder.value(for: [schema.root], hint: "value", depth: 0),
                schema.isValid(candidate, options: options)
            {
                return candidate
            }
        }
        return nil
    }
}

/// The constraints of several schema nodes taken together (a node, its `$ref`s and `allOf`s, and the
/// chosen `anyOf`/`oneOf` branches), and the value-building logic over them.
struct SyntheticBuilder {
    let schema: Schema
    var random: SeededRandom
    let includesOptional: Bool
    let variant: Int

    private struct Constraints {
        var types: JSONTypeSet = JSONTypeSet(rawValue: 0x7F)
        var constant: JSONValue?
        var enumerations: [[JSONValue]] = []
        var lowerBound: Double?
        var lowerExclusive = false
        var upperBound: Double?
        var upperExclusive = false
        var multipleOf: [Double] = []
        var minLength = 0
        var maxLength = Int.max
        var patterns: [ECMARegex] = []
        var format: String?
        var minItems = 0
        var maxItems = Int.max
        var uniqueItems = false
        var prefixItems: [[Int]] = []
        var items: [Int] = []
        var contains: [Int] = []
        var containsMinimum = 1
        var required: [String] = []
        var propertyOrder: [String] = []
        var properties: [CodePointKey: [Int]] = [:]
        var patternProperties: [(ECMARegex, Int)] = []
        var additionalProperties: [Int] = []
        var minProperties = 0
        var dependentRequired: [(property: String, required: [String])] = []
        var isFalse = false
    }

    mutating func value(for nodes: [Int], hint: String, depth: Int) -> JSONValue? {
        guard depth < 16 else { return nil }
        var constraints = Constraints()
        var visited: Set<Int> = []
        for node in nodes { collect(node, into: &constraints, visited: &visited) }
        if constraints.isFalse { return nil }
        let largest = SyntheticInstance.largestCount
        if constraints.minLength > largest || constraints.minItems > largest || constraints.minProperties > largest
            || constraints.containsMinimum > largest
        {
            return nil
        }
        if let constant = constraints.constant { return constant }
        if let options = constraints.enumerations.first {
            let allowed = options.filter { option in constraints.enumerations.allSatisfy { $0.contains(option) } }
            guard !allowed.isEmpty else { return nil }
            return allowed[(random.next(below: allowed.count) + variant) % allowed.count]
        }
        let order: [JSONTypeSet] =
            constraints.properties.isEmpty && constraints.required.isEmpty
            ? [.string, .integer, .number, .boolean, .object, .array, .null]
            : [.object, .string, .integer, .number, .boolean, .array, .null]
        var candidates = order.filter { constraints.types.contains($0) }
        if constraints.format != nil || !constraints.patterns.isEmpty {
            candidates.sort { first, _ in first == .string }
        }
        guard !candidates.isEmpty else { return nil }
        let type = candidates[variant / 2 % candidates.count]
        switch type {
        case .object: return object(constraints, depth: depth)
        case .array: return array(constraints, hint: hint, depth: depth)
        case .string: return string(constraints, hint: hint)
        case .integer: return number(constraints, integer: true)
        case .number: return number(constraints, integer: false)
        case .boolean: return .bool(random.next(below: 2) == 0)
        default: return .null
        }
    }

    // MARK: - Gathering constraints

    private mutating func collect(_ index: Int, into constraints: inout Constraints, visited: inout Set<Int>) {
        guard visited.insert(index).inserted else { return }
        switch schema.nodes[index].body {
        case .constant(let value):
            if !value { constraints.isFalse = true }
        case .keywords(let keywords):
            for keyword in keywords { collect(keyword, into: &constraints, visited: &visited) }
        }
    }

    // swiftlint:disable:next cyclomatic_complexity
    private mutating func collect(_ keyword: Keyword, into constraints: inout Constraints, visited: inout Set<Int>) {
        switch keyword {
        case .type(let types, _): constraints.types.formIntersection(types)
        case .enumeration(let values): constraints.enumerations.append(values)
        case .constant(let value): constraints.constant = value
        case .multipleOf(let divisor): constraints.multipleOf.append(divisor.doubleValue)
        case .maximum(let bound):
            if constraints.upperBound.map({ bound.doubleValue < $0 }) ?? true {
                constraints.upperBound = bound.doubleValue
                constraints.upperExclusive = false
            }
        case .exclusiveMaximum(let bound):
            if constraints.upperBound.map({ bound.doubleValue <= $0 }) ?? true {
                constraints.upperBound = bound.doubleValue
                constraints.upperExclusive = true
            }
        case .minimum(let bound):
            if constraints.lowerBound.map({ bound.doubleValue > $0 }) ?? true {
                constraints.lowerBound = bound.doubleValue
                constraints.lowerExclusive = false
            }
        case .exclusiveMinimum(let bound):
            if constraints.lowerBound.map({ bound.doubleValue >= $0 }) ?? true {
                constraints.lowerBound = bound.doubleValue
                constraints.lowerExclusive = true
            }
        case .maxLength(let limit): constraints.maxLength = min(constraints.maxLength, limit)
        case .minLength(let limit): constraints.minLength = max(constraints.minLength, limit)
        case .pattern(let regex): constraints.patterns.append(regex)
        case .format(let format): constraints.format = format
        case .maxItems(let limit): constraints.maxItems = min(constraints.maxItems, limit)
        case .minItems(let limit): constraints.minItems = max(constraints.minItems, limit)
        case .uniqueItems: constraints.uniqueItems = true
        case .contains(let child, let minimum, _):
            constraints.contains.append(child)
            constraints.containsMinimum = max(constraints.containsMinimum, minimum)
        case .minProperties(let limit): constraints.minProperties = max(constraints.minProperties, limit)
        case .required(let names):
            for name in names where !constraints.required.containsCodePoints(name) { constraints.required.append(name) }
        case .properties(let table):
            for name in table.names {
                guard let child = table.node(for: name) else { continue }
                if constraints.properties[CodePointKey(name)] == nil { constraints.propertyOrder.append(name) }
                constraints.properties[CodePointKey(name), default: []].append(child)
            }
        case .patternProperties(let patterns): constraints.patternProperties += patterns.map { ($0.regex, $0.node) }
        case .additionalProperties(let rule): constraints.additionalProperties.append(rule.node)
        case .unevaluatedProperties(let child): constraints.additionalProperties.append(child)
        case .prefixItems(let children):
            for (position, child) in children.enumerated() {
                if constraints.prefixItems.count <= position { constraints.prefixItems.append([]) }
                constraints.prefixItems[position].append(child)
            }
        case .items(let child, _), .unevaluatedItems(let child): constraints.items.append(child)
        case .allOf(let children):
            for child in children { collect(child, into: &constraints, visited: &visited) }
        case .anyOf(let children), .oneOf(let children):
            let choice = (random.next(below: children.count) + variant) % children.count
            collect(children[choice], into: &constraints, visited: &visited)
        case .reference(let target), .dynamicReference(let target, _):
            collect(target, into: &constraints, visited: &visited)
        case .conditional(_, let then, _):
            if let then, variant % 3 == 1 { collect(then, into: &constraints, visited: &visited) }
        case .dependentRequired(let table): constraints.dependentRequired += table
        case .maxProperties, .dependentSchemas, .propertyNames, .not:
            break
        }
    }

    // MARK: - Building values

    private mutating func object(_ constraints: Constraints, depth: Int) -> JSONValue? {
        var object = JSONObject()
        var names = constraints.required
        if includesOptional {
            for name in constraints.propertyOrder where !names.containsCodePoints(name) { names.append(name) }
        }
        // A property that is present may require others (`dependentRequired`).
        var position = 0
        while position < names.count {
            for (property, required) in constraints.dependentRequired
            where property.hasSameCodePoints(as: names[position]) {
                for name in required where !names.containsCodePoints(name) { names.append(name) }
            }
            position += 1
        }
        var extra = 0
        while names.count < constraints.minProperties {
            if let name = constraints.propertyOrder.first(where: { !names.containsCodePoints($0) }) {
                names.append(name)
            } else {
                extra += 1
                names.append("property\(extra)")
            }
        }
        for name in names {
            var nodes = constraints.properties[CodePointKey(name)] ?? []
            nodes += constraints.patternProperties.filter { $0.0.matches(name) }.map(\.1)
            if constraints.properties[CodePointKey(name)] == nil && nodes.isEmpty {
                nodes = constraints.additionalProperties
            }
            guard let value = value(for: nodes, hint: name, depth: depth + 1) else { return nil }
            object[name] = value
        }
        return .object(object)
    }

    private mutating func array(_ constraints: Constraints, hint: String, depth: Int) -> JSONValue? {
        var count = max(constraints.minItems, constraints.prefixItems.count, constraints.contains.isEmpty ? 0 : 1)
        if includesOptional && count == 0 && !constraints.items.isEmpty { count = 1 }
        if !constraints.contains.isEmpty { count = max(count, constraints.containsMinimum) }
        count = min(count, constraints.maxItems)
        var elements: [JSONValue] = []
        for position in 0..<count {
            var nodes = position < constraints.prefixItems.count ? constraints.prefixItems[position] : constraints.items
            if position < constraints.containsMinimum { nodes += constraints.contains }
            var element: JSONValue?
            for _ in 0..<4 {
                element = value(for: nodes, hint: hint, depth: depth + 1)
                guard constraints.uniqueItems, let candidate = element, elements.contains(candidate) else { break }
                element = nil
            }
            guard let element else { return nil }
            elements.append(element)
        }
        return .array(elements)
    }

    private mutating func string(_ constraints: Constraints, hint: String) -> JSONValue? {
        var candidates: [String] = []
        if let format = constraints.format, let sample = formatSample(format) { candidates.append(sample) }
        for regex in constraints.patterns {
            for _ in 0..<3 {
                var sampler = PatternSampler(pattern: regex.source, random: random.forked())
                if let sample = sampler.sample() { candidates.append(sample) }
            }
        }
        let word = hint.isEmpty || hint == "value" ? "example" : hint
        candidates.append("\(word) \(random.next(below: 100))")
        for candidate in candidates {
            var text = candidate
            let length = text.unicodeScalars.count
            if length > constraints.maxLength {
                text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(constraints.maxLength)))
            }
            if length < constraints.minLength {
                text += String(repeating: "x", count: constraints.minLength - length)
            }
            if constraints.patterns.allSatisfy({ $0.matches(text) }) { return .string(text) }
        }
        return nil
    }

    private mutating func formatSample(_ format: String) -> String? {
        let day = 1 + random.next(below: 28)
        let paddedDay = day < 10 ? "0\(day)" : "\(day)"
        switch format {
        case "date-time": return "2024-05-\(paddedDay)T12:00:00Z"
        case "date": return "2024-05-\(paddedDay)"
        case "time": return "12:30:00Z"
        case "duration": return "P\(day)D"
        case "email", "idn-email": return "user\(day)@example.com"
        case "hostname", "idn-hostname": return "host\(day).example.com"
        case "ipv4": return "192.0.2.\(day)"
        case "ipv6": return "2001:db8::\(day)"
        case "uri", "iri": return "https://example.com/item/\(day)"
        case "uri-reference", "iri-reference": return "/item/\(day)"
        case "uuid":
            let hex = String(random.next(), radix: 16)
            let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
            return "123e4567-e89b-42d3-" + padded.prefix(4) + "-" + padded.suffix(12)
        default: return nil
        }
    }

    private mutating func number(_ constraints: Constraints, integer: Bool) -> JSONValue? {
        let step = constraints.multipleOf.reduce(integer ? 1.0 : 0.0) { current, divisor in
            current == 0 ? divisor : leastCommonMultiple(current, divisor)
        }
        var low = constraints.lowerBound ?? min(0, (constraints.upperBound ?? 0) - 10)
        let high = constraints.upperBound ?? low + 100
        var candidate: Double
        if step > 0 {
            var multiple = (low / step).rounded(.up) * step
            if constraints.lowerExclusive && multiple <= low { multiple += step }
            let room = ((high - multiple) / step).rounded(.down)
            let steps = room.isFinite && room >= 0 ? Int(min(room, 20)) + 1 : 1
            candidate = multiple + step * Double(random.next(below: steps))
            if constraints.upperExclusive && candidate >= high { candidate = multiple }
        } else {
            if constraints.lowerExclusive { low += min(1, (high - low) / 2) }
            candidate = min(low + Double(random.next(below: 10)) / 2, high)
            if constraints.upperExclusive && candidate >= high { candidate = (low + high) / 2 }
        }
        if integer || (candidate.rounded() == candidate && abs(candidate) < 1e15) {
            guard let whole = Int(exactly: candidate.rounded()) else { return nil }
            return .integer(whole)
        }
        return .double(candidate)
    }

    private func leastCommonMultiple(_ first: Double, _ second: Double) -> Double {
        var multiple = first
        for _ in 0..<1000 {
            let quotient = multiple / second
            if abs(quotient - quotient.rounded()) < 1e-9 { return multiple }
            multiple += first
        }
        return first * second
    }
}
