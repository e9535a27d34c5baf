public import SluiceCore

extension JSONValue {
    /// Whether the value counts as true in a condition, as Python and Jinja2 decide.
    ///
    /// `null`, `false`, zero, the empty string, the empty array and the empty object are false;
    /// everything else (including `NaN`) is true. `when:` conditions and `{% if %}` use this.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .integer(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array(let elements): !elements.isEmpty
        case .object(let object): !object.isEmpty
        }
    }
}
