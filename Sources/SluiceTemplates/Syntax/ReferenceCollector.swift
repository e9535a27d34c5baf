internal import SluiceCore

/// Finds the free variables of a template or expression, with their longest static paths.
struct ReferenceCollector {
    private let source: SourceText
    private(set) var references: [TemplateReference] = []
    private(set) var includes: [TemplateInclude] = []

    init(source: SourceText) {
        self.source = source
    }

    /// Names a template may call without defining them.
    private static let globalFunctions: Set<String> = ["range", "namespace"]

    mutating func visit(_ nodes: [TemplateNode], bound: inout Set<String>) {
        for node in nodes {
            switch node {
            case .text:
                break
            case .output(let expression):
                visit(expression, bound: bound)
            case .conditional(let branches, let otherwise):
                var assigned = bound
                for branch in branches {
                    visit(branch.condition, bound: bound)
                    var inner = bound
                    visit(branch.body, bound: &inner)
                    assigned.formUnion(inner)
                }
                var inner = bound
                visit(otherwise, bound: &inner)
                bound = assigned.union(inner)
            case .loop(let loop):
                visit(loop.iterable, bound: bound)
                var inner = bound.union(loop.targets).union(["loop"])
                if let filter = loop.filter { visit(filter, bound: inner) }
                visit(loop.body, bound: &inner)
                var otherwise = bound
                visit(loop.otherwise, bound: &otherwise)
            case .assignment(let targets, let value, _):
                visit(value, bound: bound)
                bound.formUnion(targets)
            case .memberAssignment(let target, _, let value, let offset):
                visit(value, bound: bound)
                if !bound.contains(target) {
                    references.append(TemplateReference(path: [target], location: source.location(at: offset)))
                }
            case .capture(let target, let body):
                var inner = bound
                visit(body, bound: &inner)
                bound.insert(target)
            case .include(let name, let offset, let ignoresMissing):
                // An included template sees the includer's variables but not its `loop` object.
                includes.append(
                    TemplateInclude(
                        name: name, location: source.location(at: offset), ignoresMissing: ignoresMissing,
                        localNames: bound.subtracting(["loop"]).sorted()))
            }
        }
    }

    mutating func visit(_ expression: ExpressionNode, bound: Set<String>) {
        switch expression.kind {
        case .name(let name):
            if !bound.contains(name) {
                references.append(TemplateReference(path: [name], location: source.location(at: expression.offset)))
            }
        case .attribute, .item:
            visitPath(expression, bound: bound)
        case .call(let callee, let arguments):
            switch callee.kind {
            case .name(let name) where Self.globalFunctions.contains(name):
                break
            case .attribute(let base, let method)
            where TemplateEvaluator.objectMethods.contains(method) || TemplateEvaluator.stringMethods.contains(method)
                || method == "cycle":
                visit(base, bound: bound)
            default:
                visit(callee, bound: bound)
            }
            for argument in arguments.all { visit(argument, bound: bound) }
        default:
            for child in expression.children { visit(child, bound: bound) }
        }
    }

    /// Walks `a.b["c"][0].d` down to its root, keeping the static part nearest the root.
    private mutating func visitPath(_ expression: ExpressionNode, bound: Set<String>) {
        var members: [String] = []
        var current = expression
        while true {
            switch current.kind {
            case .attribute(let base, let name):
                members.append(name)
                current = base
                continue
            case .item(let base, let key):
                if case .literal(.string(let name)) = key.kind {
                    members.append(name)
                } else {
                    members.removeAll()
                    visit(key, bound: bound)
                }
                current = base
                continue
            case .name(let name):
                if !bound.contains(name) {
                    references.append(
                        TemplateReference(
                            path: [name] + members.reversed(), location: source.location(at: current.offset)))
                }
            default:
                visit(current, bound: bound)
            }
            return
        }
    }
}

extension ExpressionNode {
    /// The expressions directly inside this one.
    var children: [ExpressionNode] { Self.children(of: kind) }

    /// The expressions directly inside an expression of this kind.
    static func children(of kind: Kind) -> [ExpressionNode] {
        switch kind {
        case .literal, .name: []
        case .attribute(let base, _): [base]
        case .item(let base, let key): [base, key]
        case .slice(let base, let start, let stop, let step): [base] + [start, stop, step].compactMap { $0 }
        case .list(let elements): elements
        case .dictionary(let pairs): pairs.flatMap { [$0.key, $0.value] }
        case .negate(let operand), .unaryPlus(let operand), .not(let operand): [operand]
        case .binary(_, let left, let right), .and(let left, let right), .or(let left, let right): [left, right]
        case .comparison(let first, let operations): [first] + operations.map(\.1)
        case .test(let operand, _, let arguments, _): [operand] + arguments.all
        case .filter(let operand, _, let arguments): [operand] + arguments.all
        case .conditional(let condition, let then, let otherwise): [condition, then] + [otherwise].compactMap { $0 }
        case .call(let callee, let arguments): [callee] + arguments.all
        }
    }

    /// Whether the variable `name` appears anywhere in the expression.
    func mentions(name: String) -> Bool {
        if case .name(let found) = kind, found == name { return true }
        return children.contains { $0.mentions(name: name) }
    }
}

extension TemplateNode {
    /// Whether the variable `name` appears anywhere in the node.
    func mentions(name: String) -> Bool {
        switch self {
        case .text, .include: false
        case .output(let expression): expression.mentions(name: name)
        case .conditional(let branches, let otherwise):
            branches.contains { $0.condition.mentions(name: name) || $0.body.contains { $0.mentions(name: name) } }
                || otherwise.contains { $0.mentions(name: name) }
        case .loop(let loop):
            loop.iterable.mentions(name: name) || (loop.filter?.mentions(name: name) ?? false)
                || loop.body.contains { $0.mentions(name: name) } || loop.otherwise.contains { $0.mentions(name: name) }
        case .assignment(_, let value, _), .memberAssignment(_, _, let value, _): value.mentions(name: name)
        case .capture(_, let body): body.contains { $0.mentions(name: name) }
        }
    }
}
