internal import SluiceCore

extension TemplateEvaluator {
    /// The value of `expression`; an undefined value is an error naming its path.
    func evaluate(_ expression: ExpressionNode) throws(DiagnosticError) -> JSONValue {
        guard let value = try evaluateAllowingUndefined(expression) else {
            // Jinja2 gives an inline `if` without `else` a lenient undefined value that prints as nothing.
            if case .conditional = expression.kind { return .string("") }
            throw undefinedError(for: expression)
        }
        return value
    }

    /// The value of `expression`, or `nil` when it is undefined (a missing variable, member or item).
    ///
    /// Only `default`, `is defined` and the other tests that accept undefined values call this
    /// directly; everything else goes through ``evaluate(_:)`` and fails on `nil`.
    func evaluateAllowingUndefined(_ expression: ExpressionNode) throws(DiagnosticError) -> JSONValue? {
        switch expression.kind {
        case .literal(let value):
            return value
        case .name(let name):
            return lookUp(name)
        case .attribute(let base, let name):
            if case .name("loop") = base.kind, let state = visibleLoopState { return state.member(name) }
            return member(name, of: try evaluate(base))
        case .item(let base, let key):
            return item(try evaluate(key), of: try evaluate(base))
        case .slice(let base, let start, let stop, let step):
            let value = try evaluate(base)
            let bounds = try [start, stop, step].map { (part) throws(DiagnosticError) -> Int? in
                guard let part else { return nil }
                let bound = try evaluate(part)
                if bound.isNull { return nil }
                guard case .integer(let number) = bound else {
                    throw failure(.type("slice indices must be integers, not \(bound.pythonTypeName)"), at: part.offset)
                }
                return number
            }
            return try lift(at: expression.offset) { () throws(OperationFailure) in
                try Self.slice(value, start: bounds[0], stop: bounds[1], step: bounds[2])
            }
        case .list(let elements):
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element)) }
            return .array(values)
        case .dictionary(let pairs):
            var object = JSONObject()
            for pair in pairs {
                guard case .string(let key) = try evaluate(pair.key) else {
                    throw failure(
                        .type(
                            "dictionary keys must be strings",
                            hint: "templates build JSON objects, whose keys are strings; quote the key"),
                        at: pair.key.offset)
                }
                object[key] = try evaluate(pair.value)
            }
            return .object(object)
        case .negate(let operand):
            let value = try evaluate(operand)
            return try lift(at: expression.offset) { () throws(OperationFailure) in
                try PythonOperations.negate(value)
            }
        case .unaryPlus(let operand):
            let value = try evaluate(operand)
            return try lift(at: expression.offset) { () throws(OperationFailure) in
                try PythonOperations.unaryPlus(value)
            }
        case .not(let operand):
            return .bool(!(try evaluate(operand).isTruthy))
        case .binary(let operation, let left, let right):
            let leftValue = try evaluate(left)
            let rightValue = try evaluate(right)
            return try lift(at: expression.offset) { () throws(OperationFailure) in
                try PythonOperations.apply(operation, leftValue, rightValue)
            }
        case .and(let left, let right):
            let leftValue = try evaluate(left)
            return leftValue.isTruthy ? try evaluate(right) : leftValue
        case .or(let left, let right):
            let leftValue = try evaluate(left)
            return leftValue.isTruthy ? leftValue : try evaluate(right)
        case .comparison(let first, let operations):
            var left = try evaluate(first)
            for (operation, operand) in operations {
                let right = try evaluate(operand)
                let holds = try lift(at: operand.offset) { () throws(OperationFailure) in
                    try PythonOperations.compare(left, operation, right)
                }
                if !holds { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .test(let operand, let test, let arguments, let negated):
            let value = test.acceptsUndefined ? try evaluateAllowingUndefined(operand) : try evaluate(operand)
            let argumentValues = try arguments.all.map { (argument) throws(DiagnosticError) in try evaluate(argument) }
            let result = try lift(at: expression.offset) { () throws(OperationFailure) in
                try Self.apply(test, to: value, arguments: argumentValues)
            }
            return .bool(result != negated)
        case .filter(let operand, let filter, let arguments):
            let input = filter.acceptsUndefined ? try evaluateAllowingUndefined(operand) : try evaluate(operand)
            let positional = try arguments.positional.map { (argument) throws(DiagnosticError) in
                try evaluate(argument)
            }
            var keyword: [(name: String, value: JSONValue)] = []
            for argument in arguments.keyword { keyword.append((argument.name, try evaluate(argument.value))) }
            return try lift(at: expression.offset) { () throws(OperationFailure) in
                try Self.apply(filter, to: input, positional: positional, keyword: keyword)
            }
        case .conditional(let condition, let then, let otherwise):
            if try evaluate(condition).isTruthy { return try evaluateAllowingUndefined(then) }
            guard let otherwise else { return nil }
            return try evaluateAllowingUndefined(otherwise)
        case .call(let callee, let arguments):
            return try call(callee, arguments: arguments, at: expression.offset)
        }
    }

    // MARK: - Members and items

    /// `value.name`: an object's member; `nil` for anything else, as Jinja2 gives an undefined value.
    func member(_ name: String, of value: JSONValue) -> JSONValue? {
        if case .object(let object) = value { return object[name] }
        return nil
    }

    /// `value[key]`: an object member by string, a list element or a character by (negative) index.
    func item(_ key: JSONValue, of value: JSONValue) -> JSONValue? {
        switch (value, key) {
        case (.object(let object), .string(let name)):
            return object[name]
        case (.array(let elements), _):
            // A non-integer index gives an undefined value, as Jinja2's `getitem` does.
            guard let index = PythonOperations.Number(key), case .integer(var position) = index else { return nil }
            if position < 0 { position += elements.count }
            guard elements.indices.contains(position) else { return nil }
            return elements[position]
        case (.string(let text), _):
            guard let index = PythonOperations.Number(key), case .integer(var position) = index else { return nil }
            let scalars = Array(text.unicodeScalars)
            if position < 0 { position += scalars.count }
            guard scalars.indices.contains(position) else { return nil }
            return .string(String(scalars[position]))
        default:
            return nil
        }
    }

    /// Python slicing of lists and strings.
    static func slice(_ value: JSONValue, start: Int?, stop: Int?, step: Int?) throws(OperationFailure) -> JSONValue {
        let step = step ?? 1
        guard step != 0 else { throw .value("slice step cannot be zero") }
        func indices(count: Int) -> [Int] {
            func clamp(_ bound: Int?, defaultValue: Int) -> Int {
                guard var bound else { return defaultValue }
                if bound < 0 {
                    bound += count
                    if bound < 0 { bound = step < 0 ? -1 : 0 }
                } else if bound >= count {
                    bound = step < 0 ? count - 1 : count
                }
                return bound
            }
            let lower = clamp(start, defaultValue: step < 0 ? count - 1 : 0)
            let upper = clamp(stop, defaultValue: step < 0 ? -1 : count)
            return Array(stride(from: lower, to: upper, by: step))
        }
        switch value {
        case .array(let elements):
            return .array(indices(count: elements.count).map { elements[$0] })
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            return .string(TextOperations.string(indices(count: scalars.count).lazy.map { scalars[$0] }))
        default:
            throw .type("a \(value.pythonTypeName) cannot be sliced")
        }
    }

    // MARK: - Undefined values

    /// How a user wrote the value: `steps.classify.output`, `items[0]`, `user["name"]`.
    func describe(_ expression: ExpressionNode) -> String {
        switch expression.kind {
        case .name(let name): return name
        case .attribute(let base, let name): return describe(base) + "." + name
        case .item(let base, let key):
            if case .literal(let literal) = key.kind {
                return describe(base) + "[" + literal.pythonRepresentation + "]"
            }
            return describe(base) + "[" + describe(key) + "]"
        case .filter(let base, let filter, _): return describe(base) + " | " + filter.rawValue
        case .literal(let value): return value.pythonRepresentation
        case .call(let callee, _): return describe(callee) + "()"
        default: return "the expression"
        }
    }

    func undefinedError(for expression: ExpressionNode) -> DiagnosticError {
        let path = describe(expression)
        let allowAbsence = "use '| default(…)' or test with 'is defined' to allow absence"
        var message = "'\(path)' is undefined"
        var hint = allowAbsence
        switch expression.kind {
        case .name(let name):
            if let suggestion = NameSuggestion.nearest(to: name, in: visibleNames) {
                hint = "did you mean '\(suggestion)'? Or \(allowAbsence)"
            }
        case .attribute(let base, let name):
            let container = try? evaluate(base)
            if case .object(let object) = container {
                message = "'\(path)' is undefined: '\(describe(base))' has no member '\(name)'"
                if let suggestion = NameSuggestion.nearest(to: name, in: object.keys) {
                    hint = "did you mean '\(suggestion)'? Or \(allowAbsence)"
                }
            } else if let container {
                message = "'\(path)' is undefined: '\(describe(base))' is a \(container.pythonTypeName), not an object"
            }
        case .item(let base, _):
            if let container = try? evaluate(base) {
                switch container {
                case .array(let elements):
                    message = "'\(path)' is undefined: '\(describe(base))' has \(elements.count) items"
                case .object:
                    message = "'\(path)' is undefined: '\(describe(base))' has no such key"
                default:
                    break
                }
            }
        case .filter(_, let filter, _) where [.first, .last, .min, .max].contains(filter):
            message = "'\(path)' is undefined: the sequence is empty"
        default:
            break
        }
        return failure(.templateUndefined, message, at: expression.offset, hint: hint)
    }
}
