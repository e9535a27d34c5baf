import SluiceCore

/// Finds subschemas that reach themselves again without looking at a smaller part of the instance.
///
/// `{"$ref": "#"}`, or `$ref`s through `$defs` that lead round in a circle, would apply the same
/// schema to the same value forever. Only keywords that apply a subschema to the whole instance
/// (`$ref`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentSchemas`) are edges here;
/// a recursive schema that steps into the value first (`properties`, `items`…) is a tree, not a loop.
/// A `$dynamicRef` that names a dynamic anchor is left out: where it leads depends on the instance.
struct ReferenceLoopFinder {
    /// One in-place application: the subschema it leads to and where the keyword is written.
    private struct Edge {
        var target: Int
        var keywordPointer: String
    }

    private let nodes: [SchemaNode]
    private let reported: (SchemaCompiler.Location) -> String

    /// A finder over `nodes`, printing locations with `reported`.
    init(nodes: [SchemaNode], reported: @escaping (SchemaCompiler.Location) -> String) {
        self.nodes = nodes
        self.reported = reported
    }

    /// One problem per loop, located at the keyword that closes it.
    func problems() -> [SchemaProblem] {
        let edges = nodes.map(inPlaceEdges)
        enum Mark { case unvisited, onPath, done }
        var marks = [Mark](repeating: .unvisited, count: nodes.count)
        var problems: [SchemaProblem] = []
        var seenLoops: Set<[Int]> = []
        for start in nodes.indices where marks[start] == .unvisited {
            // An explicit stack: a schema nested thousands deep must not exhaust the thread's stack.
            var path: [(node: Int, nextEdge: Int)] = [(start, 0)]
            marks[start] = .onPath
            while let (node, nextEdge) = path.last {
                guard nextEdge < edges[node].count else {
                    marks[node] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].nextEdge += 1
                let edge = edges[node][nextEdge]
                switch marks[edge.target] {
                case .unvisited:
                    marks[edge.target] = .onPath
                    path.append((edge.target, 0))
                case .onPath:
                    let loop = Array(path.map(\.node).drop { $0 != edge.target })
                    guard seenLoops.insert(loop.sorted()).inserted else { continue }
                    problems.append(problem(loop: loop, closedBy: edge))
                case .done:
                    continue
                }
            }
        }
        return problems
    }

    private func problem(loop: [Int], closedBy edge: Edge) -> SchemaProblem {
        let steps = (loop + [edge.target]).map { nodes[$0].schemaLocation }
        let route = steps.count > 8 ? steps.prefix(4) + ["…"] + steps.suffix(3) : steps[...]
        return SchemaProblem(
            pointer: edge.keywordPointer, code: .schemaReferenceLoop,
            message:
                "this reference leads back to the same schema without stepping into the value, so validation "
                + "would never end: \(route.joined(separator: " → "))",
            hint:
                "a recursive schema must reach itself through a keyword that looks inside the value, such as "
                + "'properties' or 'items'; remove the loop or point the reference at another schema")
    }

    private func inPlaceEdges(of node: SchemaNode) -> [Edge] {
        guard case .keywords(let keywords) = node.body else { return [] }
        func child(_ target: Int) -> Edge {
            Edge(target: target, keywordPointer: reported(nodes[target].location))
        }
        var edges: [Edge] = []
        for keyword in keywords {
            switch keyword {
            case .reference(let target):
                edges.append(Edge(target: target, keywordPointer: reported(node.location.appending("$ref"))))
            case .dynamicReference(let target, anchor: nil):
                edges.append(Edge(target: target, keywordPointer: reported(node.location.appending("$dynamicRef"))))
            case .allOf(let children), .anyOf(let children), .oneOf(let children):
                edges += children.map(child)
            case .not(let target):
                edges.append(child(target))
            case .conditional(let condition, let then, let otherwise):
                edges += [condition, then, otherwise].compactMap { $0 }.map(child)
            case .dependentSchemas(let table):
                edges += table.map { child($0.node) }
            default:
                continue
            }
        }
        return edges
    }
}
