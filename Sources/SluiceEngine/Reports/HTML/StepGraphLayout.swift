/// Where each step of a run goes in the report's graph: steps in columns by dependency depth
/// (a step with no dependencies in column 0, any other one column right of its deepest
/// dependency), in run order within a column.
///
/// Dependencies on steps the run does not have are ignored, and a cycle (which a checked plan
/// never has, but a pipeline file edited since the run might) puts the step in column 0 rather
/// than looping.
struct StepGraphLayout: Sendable {
    /// One step's place.
    struct Node: Sendable, Hashable {
        /// The step's name.
        var name: String
        /// Its column: the length of the longest dependency path leading to it.
        var column: Int
        /// Its row within the column.
        var row: Int
    }

    /// The steps, in the order given.
    let nodes: [Node]
    /// The edges, from dependency to dependent step, both present in ``nodes``.
    let edges: [(from: String, to: String)]

    /// Lays out `steps` (in run order) with `dependencies` (step → the steps it needs).
    init(steps: [String], dependencies: [String: [String]]) {
        let present = Set(steps)
        var depth: [String: Int] = [:]
        func depthOf(_ step: String, visiting: Set<String>) -> Int {
            if let known = depth[step] { return known }
            guard !visiting.contains(step) else { return 0 }
            let needs = (dependencies[step] ?? []).filter { present.contains($0) }
            let value = needs.map { depthOf($0, visiting: visiting.union([step])) + 1 }.max() ?? 0
            depth[step] = value
            return value
        }
        var rows: [Int: Int] = [:]
        nodes = steps.map { step in
            let column = depthOf(step, visiting: [])
            let row = rows[column, default: 0]
            rows[column] = row + 1
            return Node(name: step, column: column, row: row)
        }
        edges = steps.flatMap { step in
            (dependencies[step] ?? []).filter { present.contains($0) && $0 != step }.map { (from: $0, to: step) }
        }
    }

    /// The number of columns.
    var columnCount: Int { (nodes.map(\.column).max() ?? -1) + 1 }

    /// The most rows any column holds.
    var rowCount: Int {
        Dictionary(grouping: nodes, by: \.column).values.map(\.count).max() ?? 0
    }

}
