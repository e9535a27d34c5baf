internal import SluiceCore

/// A parsed expression: what it computes and where it starts in the template text.
struct ExpressionNode: Sendable {
    /// The arithmetic operators.
    enum BinaryOperator: String, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case floorDivide = "//"
        case remainder = "%"
        case power = "**"
        case concatenate = "~"
    }

    /// The comparison operators, which chain as in Python (`a < b < c`).
    enum ComparisonOperator: String, Sendable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case contains = "in"
        case notContains = "not in"
    }

    /// What the expression computes.
    indirect enum Kind: Sendable {
        case literal(JSONValue)
        case name(String)
        case attribute(ExpressionNode, String)
        case item(ExpressionNode, ExpressionNode)
        case slice(ExpressionNode, start: ExpressionNode?, stop: ExpressionNode?, step: ExpressionNode?)
        case list([ExpressionNode])
        case dictionary([(key: ExpressionNode, value: ExpressionNode)])
        case negate(ExpressionNode)
        case unaryPlus(ExpressionNode)
        case not(ExpressionNode)
        case binary(BinaryOperator, ExpressionNode, ExpressionNode)
        case and(ExpressionNode, ExpressionNode)
        case or(ExpressionNode, ExpressionNode)
        case comparison(ExpressionNode, [(ComparisonOperator, ExpressionNode)])
        case test(ExpressionNode, TemplateTest, CallArguments, negated: Bool)
        case filter(ExpressionNode, TemplateFilter, CallArguments)
        case conditional(condition: ExpressionNode, then: ExpressionNode, otherwise: ExpressionNode?)
        case call(ExpressionNode, CallArguments)
    }

    /// What the expression computes.
    let kind: Kind
    /// The offset of its first scalar in the template text.
    let offset: Int
    /// The height of the expression's tree: evaluation recurses this deep.
    let depth: Int

    init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
        self.depth = 1 + (Self.children(of: kind).map(\.depth).max() ?? 0)
    }
}

/// The arguments of a filter, test or call: positional ones first, then `name=value` ones.
struct CallArguments: Sendable {
    var positional: [ExpressionNode] = []
    var keyword: [(name: String, value: ExpressionNode)] = []

    static let none = CallArguments()

    var all: [ExpressionNode] { positional + keyword.map(\.value) }
}
