import SluiceCore

/// Steps and the steps each depends on: topological order, parallel levels, and cycles.
public struct DependencyGraph: Sendable {
    /// Step names in file order.
    public let names: [String]
    /// For each step, the steps it depends on (sorted, no repeats).
    public let dependencies: [String: [String]]

    /// A graph over `names` (file order) with `dependencies`; edges to unknown names are dropped.
    public init(names: [String], dependencies: [String: Set<String>]) {
        self.names = names
        let known = Set(names)
        var edges: [String: [String]] = [:]
        for name in names {
            edges[name] = (dependencies[name] ?? []).filter { known.contains($0) && $0 != name }.sorted()
        }
        self.dependencies = edges
    }

    /// The steps grouped into levels: every step's dependencies are in earlier levels, so each
    /// level's steps can run in parallel. Within a level, file order. `nil` when there is a cycle.
    public func levels() -> [[String]]? {
        var level: [String: Int] = [:]
        var remaining = names
        while !remaining.isEmpty {
            var progressed = false
            var next: [String] = []
            for name in remaining {
                let dependencyLevels = (dependencies[name] ?? []).map { level[$0] }
                if dependencyLevels.allSatisfy({ $0 != nil }) {
                    level[name] = (dependencyLevels.compactMap { $0 }.max() ?? -1) + 1
                    progressed = true
                } else {
                    next.append(name)
                }
            }
            guard progressed else { return nil }
            remaining = next
        }
        let count = (level.values.max() ?? -1) + 1
        var result = [[String]](repeating: [], count: count)
        for name in names { if let index = level[name] { result[index].append(name) } }
        return result
    }

    /// The steps in an order where each comes after its dependencies (levels flattened); `nil` when there is a cycle.
    public func topologicalOrder() -> [String]? {
        levels()?.flatMap { $0 }
    }

    /// Every distinct cycle, each as a path that starts and ends with the same step (`a → b → a`),
    /// beginning at its earliest step in file order.
    public func cycles() -> [[String]] {
        var found: [[String]] = []
        var seenMembers: Set<Set<String>> = []
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        for start in names {
            // Shortest path back to `start` through steps not earlier than it, so each cycle is found once from its first step.
            var previous: [String: String] = [:]
            var queue = [start]
            var head = 0
            var closing: String?
            while head < queue.count, closing == nil {
                let current = queue[head]
                head += 1
                for dependency in dependencies[current] ?? [] {
                    if dependency == start {
                        closing = current
                        break
                    }
                    guard (position[dependency] ?? 0) > (position[start] ?? 0), previous[dependency] == nil else {
                        continue
                    }
                    previous[dependency] = current
                    queue.append(dependency)
                }
            }
            guard let last = closing else { continue }
            var path = [last]
            while let before = previous[path[path.count - 1]] { path.append(before) }
            // `path` runs from the step that needs `start` back to `start`; read forwards, each step needs the next.
            let cycle = [start] + path.reversed().dropFirst() + [start]
            let members = Set(cycle)
            if seenMembers.insert(members).inserted { found.append(Array(cycle.reversed().reversed())) }
        }
        return found
    }
}
