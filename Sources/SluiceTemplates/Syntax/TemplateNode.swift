/// One piece of a parsed template, rendered in order.
indirect enum TemplateNode: Sendable {
    /// Literal text.
    case text(String)
    /// `{{ expression }}`.
    case output(ExpressionNode)
    /// `{% if %}` with its `elif` branches and `else`.
    case conditional(branches: [(condition: ExpressionNode, body: [TemplateNode])], otherwise: [TemplateNode])
    /// `{% for %}`.
    case loop(LoopNode)
    /// `{% set a = value %}` or `{% set a, b = pair %}`.
    case assignment(targets: [String], value: ExpressionNode, offset: Int)
    /// `{% set namespace.attribute = value %}`: updates a member of a `namespace()` object.
    case memberAssignment(target: String, member: String, value: ExpressionNode, offset: Int)
    /// `{% set a %}…{% endset %}`.
    case capture(target: String, body: [TemplateNode])
    /// `{% include "name" %}`.
    case include(name: String, offset: Int, ignoresMissing: Bool)
}

/// A parsed `{% for targets in iterable if filter %}…{% else %}…{% endfor %}`.
struct LoopNode: Sendable {
    /// The loop variables: one name, or several to unpack each item.
    var targets: [String]
    /// The offset of the `for` keyword.
    var offset: Int
    /// What is iterated.
    var iterable: ExpressionNode
    /// The `if` condition that skips items, if any.
    var filter: ExpressionNode?
    /// Rendered once per item.
    var body: [TemplateNode]
    /// Rendered when no item was rendered.
    var otherwise: [TemplateNode]
    /// Whether the body mentions `loop`; when it does not, no loop object is built per item.
    var usesLoopVariable: Bool
}
