/// Python's string methods that filters are defined in terms of, working on Unicode scalars as Python does.
enum TextOperations {
    /// `part in text`: whether `text` holds `part`'s code points in a row (Swift's `contains` works on
    /// characters, so it would not find `"e"` in `"e\u{301}"`, where Python does). A search of the
    /// UTF-8 bytes is a search of the code points, since no code point's bytes start inside another's.
    static func contains(_ text: String, _ part: String) -> Bool {
        part.isEmpty || text.utf8.firstRange(of: part.utf8) != nil
    }

    /// `str.strip`, `lstrip` or `rstrip`: whitespace, or any of `characters` when given.
    static func strip(_ text: String, characters: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let scalars = Array(text.unicodeScalars)
        let set = characters.map { Set($0.unicodeScalars) }
        func strips(_ scalar: Unicode.Scalar) -> Bool { set?.contains(scalar) ?? scalar.isPythonWhitespace }
        var lower = 0
        var upper = scalars.count
        if leading { while lower < upper, strips(scalars[lower]) { lower += 1 } }
        if trailing { while upper > lower, strips(scalars[upper - 1]) { upper -= 1 } }
        return string(scalars[lower..<upper])
    }

    /// The string made of `scalars`, encoded straight to UTF-8 (appending to a scalar view one by one is slow).
    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars {
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `str.split(sep, maxsplit)`: on runs of whitespace when `separator` is `nil`.
    static func split(_ text: String, separator: String?, limit: Int) throws(OperationFailure) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var parts: [String] = []
        guard let separator else {
            var index = 0
            while index < scalars.count {
                while index < scalars.count, scalars[index].isPythonWhitespace { index += 1 }
                guard index < scalars.count else { break }
                if limit >= 0, parts.count == limit {
                    var end = scalars.count
                    while end > index, scalars[end - 1].isPythonWhitespace { end -= 1 }
                    parts.append(string(scalars[index..<end]))
                    break
                }
                let start = index
                while index < scalars.count, !scalars[index].isPythonWhitespace { index += 1 }
                parts.append(string(scalars[start..<index]))
            }
            return parts
        }
        let needle = Array(separator.unicodeScalars)
        guard !needle.isEmpty else { throw .value("empty separator") }
        var start = 0
        var index = 0
        while index + needle.count <= scalars.count, limit < 0 || parts.count < limit {
            if scalars[index..<(index + needle.count)].elementsEqual(needle) {
                parts.append(string(scalars[start..<index]))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(string(scalars[start...]))
        return parts
    }

    /// `str.replace(old, new, count)`; a negative count replaces every occurrence.
    static func replace(
        _ text: String, _ old: String, with new: String, count: Int
    ) throws(OperationFailure) -> String {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(old.unicodeScalars)
        let replacement = Array(new.unicodeScalars)
        // Where the replacements go, found first so the result's size is checked before it is built.
        var matches: [Int] = []
        var index = 0
        while count < 0 || matches.count < count {
            if needle.isEmpty {
                guard index <= scalars.count else { break }
                matches.append(index)
                index += 1
            } else {
                guard index + needle.count <= scalars.count else { break }
                if scalars[index..<(index + needle.count)].elementsEqual(needle) {
                    matches.append(index)
                    index += needle.count
                } else {
                    index += 1
                }
            }
        }
        let grown = RenderBudget.product(matches.count, new.utf8.count - old.utf8.count)
        try RenderBudget.checkText(bytes: RenderBudget.sum(text.utf8.count, grown), building: "the 'replace' filter")
        var result: [Unicode.Scalar] = []
        var copied = 0
        for match in matches {
            result += scalars[copied..<match]
            result += replacement
            copied = match + needle.count
        }
        result += scalars[copied...]
        return string(result)
    }

    /// `str.splitlines()`: lines without their line breaks.
    static func splitLines(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isPythonLineBreak {
                lines.append(string(scalars[start..<index]))
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                index += 1
                start = index
            } else {
                index += 1
            }
        }
        if start < scalars.count { lines.append(string(scalars[start...])) }
        return lines
    }

    /// The first scalar mapped with `first`, the rest lower-cased.
    static func capitalize(_ text: String, first: (Unicode.Scalar) -> String) -> String {
        guard let head = text.unicodeScalars.first else { return text }
        return first(head) + lowercased(string(text.unicodeScalars.dropFirst()))
    }

    /// Python's `str.lower()`: full case mapping, with a word-final capital sigma becoming `ς`.
    static func lowercased(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{03A3}") else { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}", isFinalSigma(at: index, in: scalars) {
                result += "\u{03C2}"
            } else {
                result += scalar.properties.lowercaseMapping
            }
        }
        return result
    }

    /// Unicode's Final_Sigma condition: a cased letter before, none after (skipping case-ignorable ones).
    private static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0, scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count, scalars[after].properties.isCaseIgnorable { after += 1 }
        return after >= scalars.count || !scalars[after].properties.isCased
    }

    /// Jinja2's `title`: each word (after `-`, whitespace or an opening bracket) upper-cased first, the rest lower.
    static func title(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for scalar in text.unicodeScalars {
            let separates = scalar.isPythonWhitespace || "-({[<".unicodeScalars.contains(scalar)
            if separates {
                result.unicodeScalars.append(scalar)
                atWordStart = true
            } else if atWordStart {
                result += scalar.properties.uppercaseMapping
                atWordStart = false
            } else {
                result += scalar.properties.lowercaseMapping
            }
        }
        return result
    }

    /// The number of runs of word characters (Python's `\w+`).
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWord = scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWord, !inWord { count += 1 }
            inWord = isWord
        }
        return count
    }

    /// Python's `str.islower()` (or `isupper()` when `upper`): some cased characters, all in that case.
    static func isCased(_ text: String, upper: Bool) -> Bool {
        var sawCased = false
        for scalar in text.unicodeScalars where scalar.properties.isCased {
            sawCased = true
            if upper ? scalar.properties.isLowercase : scalar.properties.isUppercase { return false }
            if !upper, scalar.properties.generalCategory == .titlecaseLetter { return false }
        }
        return sawCased
    }
}

extension Unicode.Scalar {
    /// The line boundaries `str.splitlines` uses.
    var isPythonLineBreak: Bool {
        switch value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
