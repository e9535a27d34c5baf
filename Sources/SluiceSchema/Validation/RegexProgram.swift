/// A small backtracking matcher for the ECMA-262 regular-expression syntax JSON Schemas use.
///
/// `NSRegularExpression` costs tens of microseconds per call on Linux (each string is bridged to
/// UTF-16), which dominates validating large instances, and it gives `$`, `\d`, `\w` and `\s`
/// ICU meanings. This matcher works on Unicode scalars with ECMA-262 meanings: `.` excludes line
/// terminators, `$` matches only at the end, `\d`/`\w`/`\b` are ASCII. It handles literals,
/// escapes, classes, groups, alternation, greedy and lazy quantifiers, anchors and look-aheads.
/// Patterns outside that (back-references, look-behinds, `\p{…}`) are not parsed, and the caller
/// falls back to the platform engine.
struct RegexProgram: Sendable {
    fileprivate indirect enum Node: Sendable {
        case scalar(UInt32)
        case set(ScalarSet)
        case start
        case end
        case wordBoundary(Bool)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, minimum: Int, maximum: Int, greedy: Bool)
        case lookahead(Node, negated: Bool)

        /// Whether the node always consumes exactly one scalar (so repetition can loop without recursion).
        var isSingleScalar: Bool {
            switch self {
            case .scalar, .set: true
            default: false
            }
        }
    }

    private let root: Node
    private let anchoredAtStart: Bool

    /// Parses `pattern`; `nil` when it uses syntax this matcher does not handle.
    init?(_ pattern: String) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let node = parser.parseAlternation(), parser.position == parser.scalars.count else { return nil }
        root = node
        if case .sequence(let nodes) = node, case .start? = nodes.first {
            anchoredAtStart = true
        } else {
            anchoredAtStart = false
        }
    }

    /// What matching `text` came to.
    enum Outcome {
        /// The pattern matches somewhere in the text.
        case matched
        /// It matches nowhere.
        case notMatched
        /// The match nests deeper than this matcher recurses; a linear engine can still decide.
        case tooDeep
        /// The match backtracks past the step limit: the pattern is catastrophic on this text,
        /// and a backtracking engine without a limit would hang.
        case tooManySteps
    }

    /// Whether the pattern matches anywhere in `text`, or why that could not be decided.
    func matches(_ text: String) -> Outcome {
        let scalars = Array(text.unicodeScalars.lazy.map(\.value))
        let matcher = Matcher(scalars: scalars)
        let lastStart = anchoredAtStart ? 0 : scalars.count
        for start in 0...lastStart {
            if matcher.match(root, start, { _ in true }) { return .matched }
            if matcher.exhausted { return matcher.steps > Matcher.stepLimit ? .tooManySteps : .tooDeep }
        }
        return .notMatched
    }

    // MARK: - Matching

    /// A class so the continuation closures can refer to it while it counts steps.
    private final class Matcher {
        let scalars: [UInt32]
        var steps = 0
        var depth = 0
        var exhausted = false
        static let stepLimit = 1_000_000
        /// Kept small: matching may run on a task's small stack; deeper matches go to the platform engine.
        static let depthLimit = 200

        init(scalars: [UInt32]) {
            self.scalars = scalars
        }

        func match(_ node: Node, _ position: Int, _ next: (Int) -> Bool) -> Bool {
            steps += 1
            depth += 1
            defer { depth -= 1 }
            if steps > Self.stepLimit || depth > Self.depthLimit {
                exhausted = true
                return false
            }
            switch node {
            case .scalar(let value):
                return position < scalars.count && scalars[position] == value && next(position + 1)
            case .set(let set):
                return position < scalars.count && set.contains(scalars[position]) && next(position + 1)
            case .start:
                return position == 0 && next(position)
            case .end:
                return position == scalars.count && next(position)
            case .wordBoundary(let expected):
                let before = position > 0 && ScalarSet.isWord(scalars[position - 1])
                let after = position < scalars.count && ScalarSet.isWord(scalars[position])
                return (before != after) == expected && next(position)
            case .sequence(let nodes):
                return sequence(nodes[...], position, next)
            case .alternation(let branches):
                for branch in branches where match(branch, position, next) { return true }
                return false
            case .repetition(let inner, let minimum, let maximum, let greedy):
                if inner.isSingleScalar { return repeatScalar(inner, minimum, maximum, greedy, position, next) }
                return repeatNode(inner, minimum, maximum, greedy, count: 0, position, next)
            case .lookahead(let inner, let negated):
                let found = match(inner, position) { _ in true }
                return found != negated && next(position)
            }
        }

        private func sequence(_ nodes: ArraySlice<Node>, _ position: Int, _ next: (Int) -> Bool) -> Bool {
            guard let first = nodes.first else { return next(position) }
            let rest = nodes.dropFirst()
            return match(first, position) { after in sequence(rest, after, next) }
        }

        private func single(_ node: Node, at position: Int) -> Bool {
            guard position < scalars.count else { return false }
            switch node {
            case .scalar(let value): return scalars[position] == value
            case .set(let set): return set.contains(scalars[position])
            default: return false
            }
        }

        // swiftlint:disable:next function_parameter_count
        private func repeatScalar(
            _ node: Node, _ minimum: Int, _ maximum: Int, _ greedy: Bool, _ position: Int, _ next: (Int) -> Bool
        ) -> Bool {
            var count = 0
            while count < maximum && single(node, at: position + count) { count += 1 }
            guard count >= minimum else { return false }
            if greedy {
                for taken in stride(from: count, through: minimum, by: -1) where next(position + taken) { return true }
            } else {
                for taken in minimum...count where next(position + taken) { return true }
            }
            return false
        }

        // swiftlint:disable:next function_parameter_count
        private func repeatNode(
            _ node: Node, _ minimum: Int, _ maximum: Int, _ greedy: Bool, count: Int, _ position: Int,
            _ next: (Int) -> Bool
        ) -> Bool {
            let canStop = count >= minimum
            let canGo = count < maximum
            if !greedy && canStop && next(position) { return true }
            if canGo {
                let advanced = match(node, position) { after in
                    // An iteration that consumed nothing cannot make progress; stop looping there.
                    guard after != position || count < minimum else { return false }
                    return repeatNode(node, minimum, maximum, greedy, count: count + 1, after, next)
                }
                if advanced { return true }
            }
            return greedy && canStop && next(position)
        }
    }

    // MARK: - Parsing

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func parseAlternation() -> Node? {
            var branches: [Node] = []
            guard let first = parseSequence() else { return nil }
            branches.append(first)
            while current == "|" {
                position += 1
                guard let next = parseSequence() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        private mutating func parseSequence() -> Node? {
            var nodes: [Node] = []
            while let character = current, character != "|", character != ")" {
                guard let atom = parseAtom() else { return nil }
                guard let quantified = parseQuantifier(atom) else { return nil }
                nodes.append(quantified)
            }
            return nodes.count == 1 ? nodes[0] : .sequence(nodes)
        }

        private mutating func parseAtom() -> Node? {
            guard let character = current else { return nil }
            position += 1
            switch character {
            case "^": return .start
            case "$": return .end
            case ".": return .set(.dot)
            case "(":
                var lookahead: Bool?
                if current == "?" {
                    guard position + 1 < scalars.count else { return nil }
                    switch scalars[position + 1] {
                    case ":": position += 2
                    case "=":
                        position += 2
                        lookahead = false
                    case "!":
                        position += 2
                        lookahead = true
                    case "<":
                        // Named groups are plain groups here; look-behinds are not supported.
                        guard position + 2 < scalars.count, scalars[position + 2] != "=", scalars[position + 2] != "!",
                            let close = scalars[position...].firstIndex(of: ">")
                        else { return nil }
                        position = close + 1
                    default: return nil
                    }
                }
                guard let inner = parseAlternation(), current == ")" else { return nil }
                position += 1
                if let negated = lookahead { return .lookahead(inner, negated: negated) }
                return inner
            case "[":
                return parseClass().map { .set($0) }
            case "\\":
                return parseEscape(inClass: false)
            case "*", "+", "?", ")":
                return nil
            case "{":
                // A brace that does not start a quantifier is a literal in ECMA-262 (Annex B).
                return .scalar(character.value)
            default:
                return .scalar(character.value)
            }
        }

        private mutating func parseEscape(inClass: Bool) -> Node? {
            guard let escaped = current else { return nil }
            position += 1
            switch escaped {
            case "d": return .set(.digit)
            case "D": return .set(ScalarSet.digit.inverted)
            case "w": return .set(.word)
            case "W": return .set(ScalarSet.word.inverted)
            case "s": return .set(.space)
            case "S": return .set(ScalarSet.space.inverted)
            case "b": return inClass ? .scalar(0x08) : .wordBoundary(true)
            case "B": return inClass ? nil : .wordBoundary(false)
            case "n": return .scalar(0x0A)
            case "r": return .scalar(0x0D)
            case "t": return .scalar(0x09)
            case "v": return .scalar(0x0B)
            case "f": return .scalar(0x0C)
            case "0": return .scalar(0)
            case "x": return parseHex(count: 2).map { .scalar($0) }
            case "u": return parseHex(count: 4).map { .scalar($0) }
            case "c":
                guard let letter = current, letter.properties.isAlphabetic, letter.isASCII else { return nil }
                position += 1
                return .scalar(letter.value % 32)
            case "1"..."9", "p", "P", "k":
                return nil
            default:
                return .scalar(escaped.value)
            }
        }

        private mutating func parseHex(count: Int) -> UInt32? {
            guard position + count <= scalars.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = Character(scalars[position]).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
                position += 1
            }
            return value
        }

        private mutating func parseClass() -> ScalarSet? {
            var set = ScalarSet()
            if current == "^" {
                set.isNegated = true
                position += 1
            }
            var first = true
            while let character = current, character != "]" || (first && false) {
                first = false
                var low: UInt32
                if character == "\\" {
                    position += 1
                    guard let escape = parseEscape(inClass: true) else { return nil }
                    switch escape {
                    case .scalar(let value): low = value
                    case .set(let inner):
                        set.classes.append(inner)
                        continue
                    default: return nil
                    }
                } else {
                    position += 1
                    low = character.value
                }
                if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    var high: UInt32
                    if current == "\\" {
                        position += 1
                        guard case .scalar(let value)? = parseEscape(inClass: true) else { return nil }
                        high = value
                    } else {
                        guard let upper = current else { return nil }
                        position += 1
                        high = upper.value
                    }
                    guard low <= high else { return nil }
                    set.ranges.append(low...high)
                } else {
                    set.ranges.append(low...low)
                }
            }
            guard current == "]" else { return nil }
            position += 1
            return set
        }

        private mutating func parseQuantifier(_ atom: Node) -> Node? {
            guard let character = current else { return atom }
            var minimum = 0
            var maximum = Int.max
            switch character {
            case "*": position += 1
            case "+":
                minimum = 1
                position += 1
            case "?":
                maximum = 1
                position += 1
            case "{":
                let saved = position
                position += 1
                guard let low = parseNumber() else {
                    position = saved
                    return atom
                }
                minimum = low
                maximum = low
                if current == "," {
                    position += 1
                    maximum = parseNumber() ?? Int.max
                }
                guard current == "}", minimum <= maximum else {
                    position = saved
                    return atom
                }
                position += 1
            default:
                return atom
            }
            switch atom {
            case .start, .end, .wordBoundary: return nil
            default: break
            }
            var greedy = true
            if current == "?" {
                greedy = false
                position += 1
            }
            return .repetition(atom, minimum: minimum, maximum: maximum, greedy: greedy)
        }

        private mutating func parseNumber() -> Int? {
            var digits = ""
            while let character = current, character.properties.numericType == .decimal, character.isASCII {
                digits.unicodeScalars.append(character)
                position += 1
            }
            return digits.isEmpty ? nil : Int(digits.prefix(9))
        }
    }
}

/// A set of scalars: ranges and nested shorthand classes, optionally negated.
struct ScalarSet: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var classes: [ScalarSet] = []
    var isNegated = false

    func contains(_ value: UInt32) -> Bool {
        var found = false
        for range in ranges where range.contains(value) {
            found = true
            break
        }
        if !found {
            for inner in classes where inner.contains(value) {
                found = true
                break
            }
        }
        return found != isNegated
    }

    var inverted: ScalarSet {
        var copy = self
        copy.isNegated.toggle()
        return copy
    }

    static func isWord(_ value: UInt32) -> Bool { word.contains(value) }

    static let digit = ScalarSet(ranges: [0x30...0x39])
    static let word = ScalarSet(ranges: [0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F])
    /// ECMA-262 `WhiteSpace` and `LineTerminator`.
    static let space = ScalarSet(ranges: [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.`: anything but a line terminator.
    static let dot = ScalarSet(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], isNegated: true)
}
