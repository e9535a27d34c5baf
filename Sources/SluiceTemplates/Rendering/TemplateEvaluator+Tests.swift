internal import SluiceCore

extension TemplateEvaluator {
    /// Applies a test (`is defined`, `is divisibleby 3`, …) to a value that is `nil` when undefined.
    static func apply(
        _ test: TemplateTest, to input: JSONValue?, arguments: [JSONValue]
    ) throws(OperationFailure)
        -> Bool
    {
        let expectedCount =
            switch test {
            case .divisibleby, .eq, .ne, .lt, .le, .gt, .ge, .in: 1
            default: 0
            }
        guard arguments.count == expectedCount else {
            throw .argument(
                "the '\(test.rawValue)' test takes \(expectedCount) argument\(expectedCount == 1 ? "" : "s"), "
                    + "got \(arguments.count)")
        }
        switch test {
        case .defined: return input != nil
        case .undefined: return input == nil
        default: break
        }
        guard let value = input else { return false }
        switch test {
        case .defined, .undefined: return true
        case .none: return value.isNull
        case .boolean: return value.boolValue != nil
        case .true: return value == .bool(true)
        case .false: return value == .bool(false)
        case .number: return PythonOperations.Number(value) != nil
        case .integer:
            if case .integer = value { return true }
            return false
        case .float:
            if case .double = value { return true }
            return false
        case .string: return value.stringValue != nil
        case .mapping: return value.objectValue != nil
        case .iterable, .sequence:
            switch value {
            case .string, .array, .object: return true
            default: return false
            }
        case .odd, .even:
            let remainder = try PythonOperations.apply(.remainder, value, .integer(2))
            return PythonOperations.equals(remainder, .integer(test == .odd ? 1 : 0))
        case .divisibleby:
            let remainder = try PythonOperations.apply(.remainder, value, arguments[0])
            return PythonOperations.equals(remainder, .integer(0))
        case .eq: return PythonOperations.equals(value, arguments[0])
        case .ne: return !PythonOperations.equals(value, arguments[0])
        case .lt: return try PythonOperations.compare(value, .less, arguments[0])
        case .le: return try PythonOperations.compare(value, .lessOrEqual, arguments[0])
        case .gt: return try PythonOperations.compare(value, .greater, arguments[0])
        case .ge: return try PythonOperations.compare(value, .greaterOrEqual, arguments[0])
        case .in: return try PythonOperations.contains(arguments[0], value)
        case .lower:
            return TextOperations.isCased(try RenderBudget.text(of: value, building: "the 'lower' test"), upper: false)
        case .upper:
            return TextOperations.isCased(try RenderBudget.text(of: value, building: "the 'upper' test"), upper: true)
        }
    }

    // MARK: - Filters that take a filter or test by name

    /// `map("filter", args…)` or `map(attribute="path", default=value)`.
    static func map(
        _ value: JSONValue, positional: [JSONValue], keyword: [(name: String, value: JSONValue)]
    )
        throws(OperationFailure) -> JSONValue
    {
        // Jinja2 maps nothing over a falsy input (`none`, `false`, `0`, empty) rather than failing.
        guard value.isTruthy else { return [] }
        let items = try PythonOperations.iterate(value)
        if positional.isEmpty, let path = keyword.first(where: { $0.name == "attribute" })?.value {
            let fallback = keyword.first { $0.name == "default" }?.value
            if let unexpected = keyword.first(where: { $0.name != "attribute" && $0.name != "default" }) {
                throw .argument("the 'map' filter has no parameter '\(unexpected.name)'")
            }
            guard let fallback else { return .array(try attributes(path, of: items)) }
            return .array(items.map { attribute(path, of: $0) ?? fallback })
        }
        guard let first = positional.first else {
            throw .argument(
                "the 'map' filter needs a filter name or attribute=…",
                hint: "write map('upper') or map(attribute='name')")
        }
        let filter = try namedFilter(first)
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        // Each result is checked by its filter; what they add up to is one operation's output too.
        var textBytes: Int? = 0
        var builtItems: Int? = 0
        for item in items {
            guard let result = try apply(filter, to: item, positional: Array(positional.dropFirst()), keyword: keyword)
            else {
                throw OperationFailure(
                    code: .templateUndefined, message: "the '\(filter.rawValue)' filter gave no value for an item")
            }
            switch result {
            case .string(let text):
                textBytes = RenderBudget.sum(textBytes, text.utf8.count)
                try RenderBudget.checkText(bytes: textBytes, building: "the 'map' filter")
            case .array(let elements):
                builtItems = RenderBudget.sum(builtItems, elements.count)
                try RenderBudget.checkItems(builtItems, building: "the 'map' filter")
            default:
                break
            }
            results.append(result)
        }
        return .array(results)
    }

    private static func namedFilter(_ name: JSONValue) throws(OperationFailure) -> TemplateFilter {
        guard case .string(let text) = name else {
            throw .type("a filter name must be a string, not \(name.pythonTypeName)")
        }
        guard let filter = TemplateFilter(rawValue: text) else {
            throw .argument(
                "unknown filter '\(text)'",
                hint: NameSuggestion.hint(for: text, in: TemplateFilter.allCases.map(\.rawValue)))
        }
        return filter
    }

    /// `select`, `reject`, `selectattr` and `rejectattr`.
    static func select(
        _ value: JSONValue, filter: TemplateFilter, positional: [JSONValue],
        keyword: [(name: String, value: JSONValue)]
    ) throws(OperationFailure) -> JSONValue {
        guard keyword.isEmpty else { throw .argument("the '\(filter.rawValue)' filter takes no keyword arguments") }
        guard value.isTruthy else { return [] }
        let items = try PythonOperations.iterate(value)
        let usesAttribute = filter == .selectattr || filter == .rejectattr
        var remaining = positional[...]
        var path: JSONValue?
        if usesAttribute {
            guard let first = remaining.popFirst() else {
                throw .argument("the '\(filter.rawValue)' filter needs an attribute name")
            }
            path = first
        }
        var test: TemplateTest?
        if let name = remaining.popFirst() {
            guard case .string(let text) = name else {
                throw .type("a test name must be a string, not \(name.pythonTypeName)")
            }
            guard let found = TemplateTest(named: text) else {
                throw .argument(
                    "unknown test '\(text)'", hint: NameSuggestion.hint(for: text, in: TemplateTest.allNames))
            }
            test = found
        }
        let keeps = filter == .select || filter == .selectattr
        var kept: [JSONValue] = []
        for item in items {
            let subject = path.map { attribute($0, of: item) } ?? item
            let passes: Bool
            if let test {
                guard subject != nil || test.acceptsUndefined else {
                    throw OperationFailure(
                        code: .templateUndefined,
                        message: "an item has no attribute '\(path?.pythonString ?? "")'")
                }
                passes = try apply(test, to: subject, arguments: Array(remaining))
            } else {
                guard let subject else {
                    throw OperationFailure(
                        code: .templateUndefined,
                        message: "an item has no attribute '\(path?.pythonString ?? "")'",
                        hint: "test for it with \(filter.rawValue)('\(path?.pythonString ?? "")', 'defined')")
                }
                passes = subject.isTruthy
            }
            if passes == keeps { kept.append(item) }
        }
        return .array(kept)
    }
}
