internal import SluiceCore

extension TemplateEvaluator {
    /// The methods a call can name on a value; everything else is not callable.
    static let objectMethods = ["items", "keys", "values", "get"]
    static let stringMethods = [
        "upper", "lower", "strip", "lstrip", "rstrip", "split", "startswith", "endswith", "replace", "title",
        "capitalize",
    ]

    func call(
        _ callee: ExpressionNode, arguments: CallArguments, at offset: Int
    ) throws(DiagnosticError)
        -> JSONValue?
    {
        let positional = try arguments.positional.map { (argument) throws(DiagnosticError) in try evaluate(argument) }
        var keyword: [(name: String, value: JSONValue)] = []
        for argument in arguments.keyword { keyword.append((argument.name, try evaluate(argument.value))) }
        switch callee.kind {
        case .name("range") where lookUp("range") == nil:
            return try lift(at: offset) { () throws(OperationFailure) in
                try Self.range(positional, keyword: keyword)
            }
        case .name("namespace") where lookUp("namespace") == nil:
            var object = JSONObject()
            for value in positional {
                guard case .object(let initial) = value else {
                    throw failure(.type("namespace() takes objects and name=value arguments"), at: offset)
                }
                for (key, member) in initial { object[key] = member }
            }
            for (key, value) in keyword { object[key] = value }
            return .object(object)
        case .attribute(let base, let method):
            if case .name("loop") = base.kind, method == "cycle", let index = visibleLoopState?.index {
                guard !positional.isEmpty else {
                    throw failure(.argument("loop.cycle() needs at least one value"), at: offset)
                }
                return positional[index % positional.count]
            }
            let receiver = try evaluate(base)
            return try lift(at: offset) { () throws(OperationFailure) in
                try Self.callMethod(method, on: receiver, positional: positional, keyword: keyword)
            }
        default:
            throw failure(
                .templateTypeError, "'\(describe(callee))' cannot be called", at: offset,
                hint: "the callable names are range(), namespace(), loop.cycle() and the methods in docs/templates.md")
        }
    }

    static func range(
        _ positional: [JSONValue], keyword: [(name: String, value: JSONValue)]
    ) throws(OperationFailure)
        -> JSONValue
    {
        guard keyword.isEmpty, (1...3).contains(positional.count) else {
            throw .argument("range() takes one to three integer arguments")
        }
        var bounds: [Int] = []
        for value in positional {
            guard case .integer(let number) = PythonOperations.Number(value) else {
                throw .type("range() needs integers, not \(value.pythonTypeName)")
            }
            bounds.append(number)
        }
        let (start, stop, step) =
            bounds.count == 1 ? (0, bounds[0], 1) : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
        guard step != 0 else { throw .value("range() step must not be zero") }
        // Counted in floating point so extreme bounds cannot overflow.
        let count = max(0, ((Double(stop) - Double(start)) / Double(step)).rounded(.up))
        try RenderBudget.checkItems(count <= Double(RenderBudget.maximumItems) ? Int(count) : nil, building: "range()")
        return .array(stride(from: start, to: stop, by: step).map { .integer($0) })
    }

    static func callMethod(
        _ method: String, on receiver: JSONValue, positional: [JSONValue], keyword: [(name: String, value: JSONValue)]
    ) throws(OperationFailure) -> JSONValue {
        switch receiver {
        case .object(let object) where objectMethods.contains(method):
            let arguments = try ArgumentBinder(
                name: method, parameters: method == "get" ? ["key", "default"] : [], positional: positional,
                keyword: keyword)
            switch method {
            case "items": return .array(object.map { .array([.string($0.key), $0.value]) })
            case "keys": return .array(object.keys.map { .string($0) })
            case "values": return .array(object.values)
            default:
                guard let key = arguments["key"] else { throw .argument("get() needs a key") }
                guard case .string(let name) = key else { return arguments["default"] ?? .null }
                return object[name] ?? arguments["default"] ?? .null
            }
        case .string(let text) where stringMethods.contains(method):
            return try callStringMethod(method, on: text, positional: positional, keyword: keyword)
        default:
            let candidates: [String] =
                switch receiver {
                case .object: objectMethods
                case .string: stringMethods
                default: []
                }
            throw OperationFailure(
                code: .templateUndefined, message: "a \(receiver.pythonTypeName) has no method '\(method)'",
                hint: NameSuggestion.hint(for: method, in: candidates))
        }
    }

    private static func callStringMethod(
        _ method: String, on text: String, positional: [JSONValue], keyword: [(name: String, value: JSONValue)]
    ) throws(OperationFailure) -> JSONValue {
        switch method {
        case "upper", "lower", "title", "capitalize":
            _ = try ArgumentBinder(name: method, parameters: [], positional: positional, keyword: keyword)
            let filter: TemplateFilter =
                switch method {
                case "upper": .upper
                case "lower": .lower
                case "title": .title
                default: .capitalize
                }
            return try apply(filter, to: .string(text), positional: [], keyword: []) ?? .string(text)
        case "strip", "lstrip", "rstrip":
            let arguments = try ArgumentBinder(
                name: method, parameters: ["chars"], positional: positional, keyword: keyword)
            let characters = try arguments.optionalString("chars")
            return .string(
                TextOperations.strip(
                    text, characters: characters, leading: method != "rstrip",
                    trailing: method != "lstrip"))
        case "startswith", "endswith":
            let arguments = try ArgumentBinder(
                name: method, parameters: ["prefix"], positional: positional, keyword: keyword)
            let candidates: [JSONValue] =
                switch arguments["prefix"] {
                case .array(let values): values
                case let value?: [value]
                case nil: []
                }
            for candidate in candidates {
                guard case .string(let affix) = candidate else {
                    throw .type("\(method)() needs a string, not \(candidate.pythonTypeName)")
                }
                let scalars = Array(text.unicodeScalars)
                let affixScalars = Array(affix.unicodeScalars)
                let matches =
                    method == "startswith"
                    ? scalars.starts(with: affixScalars) : scalars.reversed().starts(with: affixScalars.reversed())
                if matches { return .bool(true) }
            }
            return .bool(false)
        case "split":
            let arguments = try ArgumentBinder(
                name: method, parameters: ["sep", "maxsplit"], positional: positional, keyword: keyword)
            let separator = try arguments.optionalString("sep")
            let limit = try arguments.integer("maxsplit", default: -1)
            return try .array(TextOperations.split(text, separator: separator, limit: limit).map { .string($0) })
        default:
            return try apply(.replace, to: .string(text), positional: positional, keyword: keyword) ?? .string(text)
        }
    }
}
