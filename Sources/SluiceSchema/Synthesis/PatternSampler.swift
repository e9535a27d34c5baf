import SluiceCore

/// Builds a string that a simple regular expression matches, for synthetic instances.
///
/// Handles the patterns schemas usually carry: literals, `.`, character classes (with ranges and
/// negation), `\d`, `\w`, `\s`, groups with alternation, anchors and the quantifiers `?`, `*`, `+`
/// and `{n,m}`. Anything else (look-arounds, back-references) makes it give up with `nil`; the
/// caller checks the result against the real pattern in any case.
struct PatternSampler {
    private let characters: [Character]
    private var position = 0
    private var random: SeededRandom

    init(pattern: String, random: SeededRandom) {
        characters = Array(pattern)
        self.random = random
    }

    mutating func sample() -> String? {
        guard let text = alternation(), position == characters.count else { return nil }
        return text
    }

    private mutating func alternation() -> String? {
        var branches: [String] = []
        guard let first = sequence() else { return nil }
        branches.append(first)
        while position < characters.count, characters[position] == "|" {
            position += 1
            guard let next = sequence() else { return nil }
            branches.append(next)
        }
        return branches[random.next(below: branches.count)]
    }

    private mutating func sequence() -> String? {
        var result = ""
        while position < characters.count, characters[position] != "|", characters[position] != ")" {
            let character = characters[position]
            if character == "^" || character == "$" {
                position += 1
                continue
            }
            guard let atom = atom() else { return nil }
            let (minimum, maximum) = quantifier()
            let count =
                minimum == maximum ? minimum : minimum + random.next(below: min(maximum, minimum + 3) - minimum + 1)
            for _ in 0..<count { result += atom() }
        }
        return result
    }

    /// Reads one atom and returns a generator of one occurrence of it.
    private mutating func atom() -> (() -> String)? {
        let character = characters[position]
        position += 1
        var localRandom = random
        random = random.forked()
        switch character {
        case "(":
            if position + 1 < characters.count, characters[position] == "?" {
                guard characters[position + 1] == ":" else { return nil }
                position += 2
            }
            let start = position
            guard alternation() != nil, position < characters.count, characters[position] == ")" else { return nil }
            let inner = String(characters[start..<position])
            position += 1
            let seed = localRandom
            return {
                var sampler = PatternSampler(pattern: inner, random: seed)
                return sampler.sample() ?? ""
            }
        case "[":
            guard let set = characterClass() else { return nil }
            return { String(set[localRandom.next(below: set.count)]) }
        case ".":
            return { "a" }
        case "\\":
            guard position < characters.count else { return nil }
            let escaped = characters[position]
            position += 1
            switch escaped {
            case "d": return { String(localRandom.next(below: 10)) }
            case "w": return { "x" }
            case "s": return { " " }
            case "D", "W", "S": return { "-" }
            case "b", "B", "1"..."9": return nil
            case "n": return { "\n" }
            case "t": return { "\t" }
            default: return { String(escaped) }
            }
        case "*", "+", "?", "{", ")", "|":
            return nil
        default:
            return { String(character) }
        }
    }

    private mutating func characterClass() -> [Character]? {
        var negated = false
        if position < characters.count, characters[position] == "^" {
            negated = true
            position += 1
        }
        var members: [Character] = []
        var first = true
        while position < characters.count, characters[position] != "]" || first {
            first = false
            var character = characters[position]
            position += 1
            if character == "\\", position < characters.count {
                let escaped = characters[position]
                position += 1
                switch escaped {
                case "d": members += Array("0123456789")
                case "w": members += Array("abcxyzABC019_")
                case "s": members.append(" ")
                default: members.append(escaped)
                }
                continue
            }
            if position + 1 < characters.count, characters[position] == "-", characters[position + 1] != "]" {
                var upper = characters[position + 1]
                position += 2
                if upper == "\\", position < characters.count {
                    upper = characters[position]
                    position += 1
                }
                guard let low = character.unicodeScalars.first?.value, let high = upper.unicodeScalars.first?.value,
                    low <= high
                else { return nil }
                for value in low...min(high, low + 200) {
                    if let scalar = Unicode.Scalar(value) { members.append(Character(scalar)) }
                }
                continue
            }
            if character == "[" { character = "[" }
            members.append(character)
        }
        guard position < characters.count else { return nil }
        position += 1
        if negated {
            let candidates = Array("abcxyzABCXYZ0123456789_- ")
            let allowed = candidates.filter { !members.contains($0) }
            return allowed.isEmpty ? nil : allowed
        }
        return members.isEmpty ? nil : members
    }

    private mutating func quantifier() -> (Int, Int) {
        guard position < characters.count else { return (1, 1) }
        var result: (Int, Int)
        switch characters[position] {
        case "?": result = (0, 1)
        case "*": result = (0, 2)
        case "+": result = (1, 3)
        case "{":
            guard let close = characters[position...].firstIndex(of: "}") else { return (1, 1) }
            let body = String(characters[(position + 1)..<close])
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            guard let low = Int(parts[0]) else { return (1, 1) }
            let high = parts.count == 1 ? low : (Int(parts[1]) ?? low + 2)
            position = close
            result = (low, max(low, high))
        default:
            return (1, 1)
        }
        position += 1
        if position < characters.count, characters[position] == "?" || characters[position] == "+" { position += 1 }
        return result
    }
}
