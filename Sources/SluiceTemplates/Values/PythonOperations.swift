internal import SluiceCore

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Arithmetic, comparison and membership with Python's semantics, which Jinja2 inherits.
enum PythonOperations {
    /// A number as Python sees it: booleans count as the integers 0 and 1.
    enum Number {
        case integer(Int)
        case double(Double)

        init?(_ value: JSONValue) {
            switch value {
            case .integer(let number): self = .integer(number)
            case .double(let number): self = .double(number)
            case .bool(let flag): self = .integer(flag ? 1 : 0)
            default: return nil
            }
        }

        var doubleValue: Double {
            switch self {
            case .integer(let value): Double(value)
            case .double(let value): value
            }
        }
    }

    // MARK: - Equality and order

    /// Python's `==`: numbers (and booleans) by value, containers element by element.
    static func equals(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let leftNumber = Number(left), let rightNumber = Number(right) {
            if case .integer(let a) = leftNumber, case .integer(let b) = rightNumber { return a == b }
            return leftNumber.doubleValue == rightNumber.doubleValue
        }
        switch (left, right) {
        case (.null, .null): return true
        case (.string(let a), .string(let b)): return a.hasSameCodePoints(as: b)
        case (.array(let a), .array(let b)):
            // One list compared with itself is equal without a walk, as in Python: a list holding one
            // large list many times would otherwise be compared element by element each time.
            return a.count == b.count && (sharesStorage(a, b) || zip(a, b).allSatisfy { equals($0, $1) })
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], equals(value, other) else { return false }
            }
            return true
        default:
            return false
        }
    }

    private static func sharesStorage(_ a: [JSONValue], _ b: [JSONValue]) -> Bool {
        a.withUnsafeBufferPointer { first in
            b.withUnsafeBufferPointer { second in first.baseAddress == second.baseAddress }
        }
    }

    /// Python's ordering: -1, 0 or 1; numbers with numbers, strings with strings, lists element by element.
    static func compare(_ left: JSONValue, _ right: JSONValue, symbol: String) throws(OperationFailure) -> Int {
        if let leftNumber = Number(left), let rightNumber = Number(right) {
            if case .integer(let a) = leftNumber, case .integer(let b) = rightNumber {
                return a < b ? -1 : a == b ? 0 : 1
            }
            let a = leftNumber.doubleValue
            let b = rightNumber.doubleValue
            return a < b ? -1 : a == b ? 0 : (a > b ? 1 : 2)
        }
        switch (left, right) {
        case (.string(let a), .string(let b)):
            if a.hasSameCodePoints(as: b) { return 0 }
            // UTF-8 byte order is code-point order.
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        case (.array(let a), .array(let b)):
            if a.count == b.count && sharesStorage(a, b) { return 0 }
            for (x, y) in zip(a, b) where !equals(x, y) {
                return try compare(x, y, symbol: symbol)
            }
            return a.count < b.count ? -1 : a.count == b.count ? 0 : 1
        default:
            throw .type(
                "'\(symbol)' is not supported between a \(left.pythonTypeName) and a \(right.pythonTypeName)")
        }
    }

    /// Evaluates one comparison operator.
    static func compare(
        _ left: JSONValue, _ comparison: ExpressionNode.ComparisonOperator, _ right: JSONValue
    ) throws(OperationFailure) -> Bool {
        switch comparison {
        case .equal: return equals(left, right)
        case .notEqual: return !equals(left, right)
        case .contains: return try contains(right, left)
        case .notContains: return try !contains(right, left)
        case .less: return try compare(left, right, symbol: "<") == -1
        case .lessOrEqual:
            let order = try compare(left, right, symbol: "<=")
            return order == -1 || order == 0
        case .greater: return try compare(left, right, symbol: ">") == 1
        case .greaterOrEqual:
            let order = try compare(left, right, symbol: ">=")
            return order == 1 || order == 0
        }
    }

    /// Python's `needle in container`.
    static func contains(_ container: JSONValue, _ needle: JSONValue) throws(OperationFailure) -> Bool {
        switch container {
        case .string(let text):
            guard case .string(let part) = needle else {
                throw .type("'in <string>' needs a string on the left, not a \(needle.pythonTypeName)")
            }
            return TextOperations.contains(text, part)
        case .array(let elements):
            return elements.contains { equals($0, needle) }
        case .object(let object):
            switch needle {
            case .string(let key): return object.contains(key: key)
            case .array, .object: throw .type("a \(needle.pythonTypeName) cannot be an object key (it is unhashable)")
            default: return false
            }
        default:
            throw .type("a \(container.pythonTypeName) cannot be searched with 'in'")
        }
    }

    // MARK: - Arithmetic

    static func apply(
        _ operation: ExpressionNode.BinaryOperator, _ left: JSONValue, _ right: JSONValue
    ) throws(OperationFailure) -> JSONValue {
        if operation == .concatenate {
            try RenderBudget.checkText(
                bytes: RenderBudget.sum(RenderBudget.textSize(of: left), RenderBudget.textSize(of: right)),
                building: "'~'")
            return .string(left.pythonString + right.pythonString)
        }
        if let a = Number(left), let b = Number(right) {
            return try arithmetic(operation, a, b)
        }
        switch (operation, left, right) {
        case (.add, .string(let a), .string(let b)):
            try RenderBudget.checkText(bytes: RenderBudget.sum(a.utf8.count, b.utf8.count), building: "'+'")
            return .string(a + b)
        case (.add, .array(let a), .array(let b)):
            try RenderBudget.checkItems(RenderBudget.sum(a.count, b.count), building: "'+'")
            return .array(a + b)
        case (.multiply, .string(let text), _), (.multiply, _, .string(let text)):
            if let count = Number(left == .string(text) ? right : left), case .integer(let times) = count {
                try RenderBudget.checkText(
                    bytes: RenderBudget.product(max(0, times), text.utf8.count),
                    building: "repeating text \(times) times")
                return .string(String(repeating: text, count: max(0, times)))
            }
        case (.multiply, .array(let elements), _), (.multiply, _, .array(let elements)):
            if let count = Number(left.arrayValue != nil ? right : left), case .integer(let times) = count {
                try RenderBudget.checkItems(
                    RenderBudget.product(max(0, times), elements.count), building: "repeating a list \(times) times")
                return .array(Array(repeating: elements, count: max(0, times)).flatMap { $0 })
            }
        default:
            break
        }
        let joinsText = operation == .add && (left.stringValue != nil || right.stringValue != nil)
        throw .type(
            "unsupported operand types for \(operation.rawValue): \(left.pythonTypeName) and \(right.pythonTypeName)",
            hint: joinsText ? "use '~' to join values as text: it converts both sides to strings" : nil)
    }

    private static func arithmetic(
        _ operation: ExpressionNode.BinaryOperator, _ left: Number, _ right: Number
    ) throws(OperationFailure) -> JSONValue {
        if case .integer(let a) = left, case .integer(let b) = right {
            return try integerArithmetic(operation, a, b)
        }
        let a = left.doubleValue
        let b = right.doubleValue
        switch operation {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide:
            guard b != 0 else { throw divisionByZero("division by zero") }
            return .double(a / b)
        case .floorDivide:
            guard b != 0 else { throw divisionByZero("division by zero") }
            return .double(floatDivisionAndModulo(a, b).quotient)
        case .remainder:
            guard b != 0 else { throw divisionByZero("modulo by zero") }
            return .double(floatDivisionAndModulo(a, b).remainder)
        case .power:
            if a == 0, b < 0 { throw .value("0.0 cannot be raised to a negative power") }
            if a < 0, b.rounded() != b { throw .value("a negative number cannot be raised to a fractional power") }
            let result = pow(a, b)
            // Python raises where the C library overflows to infinity.
            if result.isInfinite, a.isFinite, b.isFinite { throw .value("the result of ** is too large for a float") }
            return .double(result)
        case .concatenate:
            return .string(JSONValue.double(a).pythonString + JSONValue.double(b).pythonString)
        }
    }

    private static func integerArithmetic(
        _ operation: ExpressionNode.BinaryOperator, _ a: Int, _ b: Int
    ) throws(OperationFailure) -> JSONValue {
        let overflow = OperationFailure.value("the result is too large for a 64-bit integer")
        switch operation {
        case .add:
            let (result, overflowed) = a.addingReportingOverflow(b)
            if overflowed { throw overflow }
            return .integer(result)
        case .subtract:
            let (result, overflowed) = a.subtractingReportingOverflow(b)
            if overflowed { throw overflow }
            return .integer(result)
        case .multiply:
            let (result, overflowed) = a.multipliedReportingOverflow(by: b)
            if overflowed { throw overflow }
            return .integer(result)
        case .divide:
            guard b != 0 else { throw divisionByZero("division by zero") }
            return .double(Double(a) / Double(b))
        case .floorDivide:
            guard b != 0 else { throw divisionByZero("integer division by zero") }
            if a == .min, b == -1 { throw overflow }
            var quotient = a / b
            if a % b != 0, (a < 0) != (b < 0) { quotient -= 1 }
            return .integer(quotient)
        case .remainder:
            guard b != 0 else { throw divisionByZero("integer modulo by zero") }
            if b == -1 { return .integer(0) }
            var remainder = a % b
            if remainder != 0, (remainder < 0) != (b < 0) { remainder += b }
            return .integer(remainder)
        case .power:
            if b < 0 {
                if a == 0 { throw .value("0.0 cannot be raised to a negative power") }
                return .double(pow(Double(a), Double(b)))
            }
            var result = 1
            var base = a
            var exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (product, overflowed) = result.multipliedReportingOverflow(by: base)
                    if overflowed { throw overflow }
                    result = product
                }
                exponent >>= 1
                if exponent > 0 {
                    let (square, overflowed) = base.multipliedReportingOverflow(by: base)
                    if overflowed { throw overflow }
                    base = square
                }
            }
            return .integer(result)
        case .concatenate:
            return .string(String(a) + String(b))
        }
    }

    private static func divisionByZero(_ message: String) -> OperationFailure {
        .value(message, hint: "check the divisor first, e.g. '{{ a / b if b else 0 }}'")
    }

    /// Python's float `divmod`: the floored quotient and a remainder with the divisor's sign.
    static func floatDivisionAndModulo(_ a: Double, _ b: Double) -> (quotient: Double, remainder: Double) {
        var remainder = fmod(a, b)
        var division = (a - remainder) / b
        if remainder != 0 {
            if (b < 0) != (remainder < 0) {
                remainder += b
                division -= 1
            }
        } else {
            remainder = copysign(0, b)
        }
        var quotient: Double
        if division != 0 {
            quotient = division.rounded(.down)
            if division - quotient > 0.5 { quotient += 1 }
        } else {
            quotient = copysign(0, a / b)
        }
        return (quotient, remainder)
    }

    /// Unary minus.
    static func negate(_ value: JSONValue) throws(OperationFailure) -> JSONValue {
        switch Number(value) {
        case .integer(let number):
            guard number != .min else { throw .value("the result is too large for a 64-bit integer") }
            return .integer(-number)
        case .double(let number):
            return .double(-number)
        case nil:
            throw .type("bad operand type for unary -: \(value.pythonTypeName)")
        }
    }

    /// Unary plus.
    static func unaryPlus(_ value: JSONValue) throws(OperationFailure) -> JSONValue {
        switch Number(value) {
        case .integer(let number): return .integer(number)
        case .double(let number): return .double(number)
        case nil: throw .type("bad operand type for unary +: \(value.pythonTypeName)")
        }
    }

    // MARK: - Iteration

    /// The items a `for` loop or a filter iterates: list elements, a string's characters, an object's keys.
    static func iterate(_ value: JSONValue) throws(OperationFailure) -> [JSONValue] {
        switch value {
        case .array(let elements): return elements
        case .string(let text):
            try RenderBudget.checkCharacters(of: text, building: "a list of the string's characters")
            return text.unicodeScalars.map { .string(String($0)) }
        case .object(let object):
            try RenderBudget.checkItems(object.count, building: "a list of the mapping's keys")
            return object.keys.map { .string($0) }
        default: throw .type("a \(value.pythonTypeName) is not iterable")
        }
    }

    /// Python's `len`.
    static func length(_ value: JSONValue) throws(OperationFailure) -> Int {
        switch value {
        case .array(let elements): return elements.count
        case .string(let text): return text.unicodeScalars.count
        case .object(let object): return object.count
        default: throw .type("a \(value.pythonTypeName) has no length")
        }
    }
}
