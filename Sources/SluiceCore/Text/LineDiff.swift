/// A line-by-line comparison of two texts, rendered as a unified diff (`diff -u`, `git diff`).
///
/// Lines the two texts share at the start and end are matched first; what is left between them
/// is aligned by a longest common subsequence, so a small edit in a long prompt costs little. When
/// the differing middle is too large to align (more than ``maximumAlignedCells`` line pairs), it is
/// shown as removed then added as a whole rather than spending quadratic time and memory on it.
public struct LineDiff: Sendable, Hashable {
    /// One line of the comparison.
    public enum Line: Sendable, Hashable {
        /// A line both texts hold.
        case same(String)
        /// A line only the old text holds.
        case removed(String)
        /// A line only the new text holds.
        case added(String)
    }

    /// The most line pairs the alignment table may hold (about 16 MB of counts).
    public static let maximumAlignedCells = 4_000_000

    /// Every line of both texts, in order: shared, removed and added lines interleaved.
    public let lines: [Line]

    /// Compares `old` with `new`, line by line.
    public init(old: String, new: String) {
        lines = Self.align(Self.split(old), Self.split(new))
    }

    /// Whether the texts differ.
    public var hasChanges: Bool {
        lines.contains { if case .same = $0 { false } else { true } }
    }

    /// How many lines were removed and added.
    public var counts: (removed: Int, added: Int) {
        lines.reduce(into: (0, 0)) { counts, line in
            switch line {
            case .same: break
            case .removed: counts.0 += 1
            case .added: counts.1 += 1
            }
        }
    }

    /// The unified diff: `@@ -a,b +c,d @@` hunks with `context` shared lines around each change,
    /// lines prefixed by ` `, `-` or `+`; empty when the texts are equal.
    public func unified(context: Int = 3) -> String {
        var output: [String] = []
        // Line numbers (1-based) each line has in the old and new text.
        var oldNumber = 1
        var newNumber = 1
        var numbered: [(line: Line, old: Int, new: Int)] = []
        for line in lines {
            numbered.append((line, oldNumber, newNumber))
            switch line {
            case .same:
                oldNumber += 1
                newNumber += 1
            case .removed: oldNumber += 1
            case .added: newNumber += 1
            }
        }
        let changed = numbered.indices.filter { if case .same = numbered[$0].line { false } else { true } }
        var hunkStart = 0
        while hunkStart < changed.count {
            var hunkEnd = hunkStart
            // Changes with at most two contexts of shared lines between them share a hunk.
            while hunkEnd + 1 < changed.count, changed[hunkEnd + 1] - changed[hunkEnd] - 1 <= 2 * context {
                hunkEnd += 1
            }
            let first = max(0, changed[hunkStart] - context)
            let last = min(numbered.count - 1, changed[hunkEnd] + context)
            let slice = numbered[first...last]
            let oldCount = slice.filter { if case .added = $0.line { false } else { true } }.count
            let newCount = slice.filter { if case .removed = $0.line { false } else { true } }.count
            let oldStart = oldCount == 0 ? numbered[first].old - 1 : numbered[first].old
            let newStart = newCount == 0 ? numbered[first].new - 1 : numbered[first].new
            output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for entry in slice {
                switch entry.line {
                case .same(let text): output.append(" " + text)
                case .removed(let text): output.append("-" + text)
                case .added(let text): output.append("+" + text)
                }
            }
            hunkStart = hunkEnd + 1
        }
        return output.isEmpty ? "" : output.joined(separator: "\n") + "\n"
    }

    // MARK: - Alignment

    private static func split(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A final newline ends the last line rather than starting an empty one.
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    private static func align(_ old: [String], _ new: [String]) -> [Line] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let oldMiddle = Array(old[prefix..<(old.count - suffix)])
        let newMiddle = Array(new[prefix..<(new.count - suffix)])
        return old[..<prefix].map(Line.same) + alignMiddle(oldMiddle, newMiddle)
            + old[(old.count - suffix)...].map(Line.same)
    }

    /// Aligns two runs of lines by their longest common subsequence.
    private static func alignMiddle(_ old: [String], _ new: [String]) -> [Line] {
        guard !old.isEmpty, !new.isEmpty, old.count * new.count <= maximumAlignedCells else {
            return old.map(Line.removed) + new.map(Line.added)
        }
        // common[i][j] (flattened): the length of the longest common subsequence of old[i...] and new[j...].
        let width = new.count + 1
        var common = [Int32](repeating: 0, count: (old.count + 1) * width)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i * width + j] =
                    old[i] == new[j]
                    ? common[(i + 1) * width + j + 1] + 1
                    : max(common[(i + 1) * width + j], common[i * width + j + 1])
            }
        }
        var result: [Line] = []
        var i = 0
        var j = 0
        while i < old.count, j < new.count {
            if old[i] == new[j] {
                result.append(.same(old[i]))
                i += 1
                j += 1
            } else if common[(i + 1) * width + j] >= common[i * width + j + 1] {
                result.append(.removed(old[i]))
                i += 1
            } else {
                result.append(.added(new[j]))
                j += 1
            }
        }
        result += old[i...].map(Line.removed) + new[j...].map(Line.added)
        return result
    }
}
