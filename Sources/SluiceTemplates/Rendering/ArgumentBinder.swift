internal import SluiceCore

/// Binds a filter's or method's arguments to its parameter names, as a Python call would.
struct ArgumentBinder {
    /// Bound arguments by parameter name; a few at most, so a list beats a dictionary.
    private var values: [(name: String, value: JSONValue)] = []
    private let name: String

    init(
        name: String, parameters: [String], positional: [JSONValue], keyword: [(name: String, value: JSONValue)]
    ) throws(OperationFailure) {
        self.name = name
        for (index, value) in positional.enumerated() {
            if index < parameters.count {
                values.append((parameters[index], value))
            } else {
                throw .argument(
                    "\(name) takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), "
                        + "got \(positional.count)")
            }
        }
        for (key, value) in keyword {
            guard parameters.contains(key) else {
                throw .argument(
                    "\(name) has no parameter '\(key)'",
                    hint: NameSuggestion.hint(for: key, in: parameters)
                        ?? (parameters.isEmpty
                            ? "it takes no arguments" : "its parameters are \(parameters.joined(separator: ", "))"))
            }
            guard self[key] == nil else { throw .argument("\(name) got '\(key)' twice") }
            values.append((key, value))
        }
    }

    /// The argument bound to `parameter`, or `nil` when it was not given.
    subscript(parameter: String) -> JSONValue? { values.first { $0.name == parameter }?.value }

    func integer(_ parameter: String, default defaultValue: Int) throws(OperationFailure) -> Int {
        guard let value = self[parameter] else { return defaultValue }
        guard case .integer(let number) = PythonOperations.Number(value) else {
            throw .type("\(name): '\(parameter)' must be an integer, not \(value.pythonTypeName)")
        }
        return number
    }

    func bool(_ parameter: String, default defaultValue: Bool) -> Bool {
        self[parameter]?.isTruthy ?? defaultValue
    }

    func string(_ parameter: String, default defaultValue: String) throws(OperationFailure) -> String {
        try optionalString(parameter) ?? defaultValue
    }

    /// The string argument, or `nil` when it was not given or is `none`.
    func optionalString(_ parameter: String) throws(OperationFailure) -> String? {
        switch self[parameter] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw .type("\(name): '\(parameter)' must be a string, not \(value.pythonTypeName)")
        }
    }
}
