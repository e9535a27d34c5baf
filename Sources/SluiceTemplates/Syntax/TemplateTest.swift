/// The tests a template can apply with `is`, checked when the template is parsed.
enum TemplateTest: String, Sendable, CaseIterable {
    case boolean
    case defined
    case divisibleby
    case eq
    case even
    case `false`
    case float
    case ge
    case gt
    case `in`
    case integer
    case iterable
    case le
    case lower
    case lt
    case mapping
    case ne
    case none
    case number
    case odd
    case sequence
    case string
    case `true`
    case undefined
    case upper

    /// The test called `name`, including the aliases Jinja2 accepts (`==`, `equalto`, `greaterthan`, …).
    init?(named name: String) {
        switch name {
        case "==", "equalto": self = .eq
        case "!=": self = .ne
        case "<", "lessthan": self = .lt
        case "<=": self = .le
        case ">", "greaterthan": self = .gt
        case ">=": self = .ge
        default: self.init(rawValue: name)
        }
    }

    /// Every name a user may write, for "did you mean" hints.
    static var allNames: [String] {
        allCases.map(\.rawValue) + ["equalto", "lessthan", "greaterthan"]
    }

    /// Whether the test must see an undefined input rather than fail on it.
    var acceptsUndefined: Bool {
        switch self {
        case .defined, .undefined, .none, .number, .string, .mapping, .boolean, .integer, .float, .true, .false:
            true
        default:
            false
        }
    }
}
