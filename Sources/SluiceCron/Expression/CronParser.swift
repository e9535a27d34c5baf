import SluiceCore

/// Reads cron expression text into a ``CronExpression``, the way Vixie cron reads a crontab line's
/// schedule, but stricter where cron silently does something surprising.
///
/// Accepted: `*`, `*/step`, `n`, `a-b`, `a-b/step`, comma lists of those, three-letter month and
/// weekday names (any case, also in ranges), 7 for Sunday, and the `@` macros. Refused although
/// cron accepts them: a range that runs backwards (`5-1`, which cron takes as no values at all),
/// text after an element (`*/5/2`, whose tail cron ignores), and a step longer than the field.
/// Refused as cron refuses them: `n/step` without a range, a step of 0, names outside the month
/// and weekday fields, values out of range.
struct CronParser {
    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    static let example =
        "write five fields (minute hour day-of-month month day-of-week), such as \"*/30 * * * *\", or a macro such as @daily"

    let text: String
    let location: SourceLocation?
    private var diagnostics: [Diagnostic] = []

    init(text: String, location: SourceLocation?) {
        self.text = text
        self.location = location
    }

    mutating func parse() throws(DiagnosticError) -> CronExpression {
        let words = Self.words(in: text)
        guard let first = words.first else {
            throw DiagnosticError(.error(.invalidCron, "the cron expression is empty", at: at(0), hint: Self.example))
        }
        let trimmed = words.map(\.text).joined(separator: " ")
        if first.text.hasPrefix("@") {
            return try parseMacro(first, words: words, trimmed: trimmed)
        }
        guard words.count == 5 else {
            let problem =
                words.count < 5
                ? "a cron expression has 5 fields (minute hour day-of-month month day-of-week); '\(trimmed)' has \(words.count)"
                : "a cron expression has 5 fields; '\(trimmed)' has \(words.count) (Sluice takes no seconds or year field)"
            let place = words.count > 5 ? words[5].offset : first.offset
            throw DiagnosticError(.error(.invalidCron, problem, at: at(place), hint: Self.example))
        }
        var fields: [CronField] = []
        for (kind, word) in zip(CronField.Kind.allCases, words) {
            fields.append(parseField(kind, word.text, offset: word.offset))
        }
        guard diagnostics.isEmpty else { throw DiagnosticError(diagnostics) }
        let expression = CronExpression(text: trimmed, fields: fields)
        guard expression.canFire else {
            throw DiagnosticError(
                .error(
                    .cronNeverFires, "'\(trimmed)' never fires: no month it names has those days",
                    at: at(words[2].offset),
                    hint:
                        "check the day-of-month and month fields (February has at most 29 days; April, June, September and November 30)"
                ))
        }
        return expression
    }

    private func parseMacro(_ first: Word, words: [Word], trimmed: String) throws(DiagnosticError) -> CronExpression {
        guard let expansion = Self.macros[first.text] else {
            let known = Self.macros.keys.sorted()
            let hint =
                first.text == "@reboot"
                ? "@reboot is not a time Sluice can schedule; use one of \(known.joined(separator: ", "))"
                : NameSuggestion.hint(for: first.text, in: known) ?? "the macros are \(known.joined(separator: ", "))"
            throw DiagnosticError(
                .error(.invalidCron, "unknown cron macro '\(first.text)'", at: at(first.offset), hint: hint))
        }
        guard words.count == 1 else {
            throw DiagnosticError(
                .error(
                    .invalidCron, "\(first.text) stands for a whole expression; nothing may follow it",
                    at: at(words[1].offset), hint: "remove '\(words[1...].map(\.text).joined(separator: " "))'"))
        }
        var inner = CronParser(text: expansion, location: nil)
        let expanded = try inner.parse()
        return CronExpression(text: trimmed, fields: expanded.fields)
    }

    // MARK: - Fields

    private mutating func parseField(_ kind: CronField.Kind, _ field: String, offset: Int) -> CronField {
        var bits: UInt64 = 0
        var elementOffset = offset
        for element in field.split(separator: ",", omittingEmptySubsequences: false) {
            defer { elementOffset += element.count + 1 }
            guard !element.isEmpty else {
                report(
                    "empty item in the \(kind.name) list '\(field)'", at: elementOffset, hint: "remove the extra comma")
                continue
            }
            if let values = parseElement(kind, element, offset: elementOffset) {
                for value in values { bits |= 1 << UInt64(kind == .dayOfWeek && value == 7 ? 0 : value) }
            }
        }
        return CronField(kind: kind, text: field, startsWithStar: field.hasPrefix("*"), bits: bits)
    }

    /// The values one list element stands for, or `nil` after reporting why it is wrong.
    private mutating func parseElement(_ kind: CronField.Kind, _ element: Substring, offset: Int) -> [Int]? {
        var rest = element
        let lower: Int
        let upper: Int
        var isRange = true
        if rest.hasPrefix("*") {
            lower = kind.lowest
            upper = kind.highest == 7 ? 6 : kind.highest
            rest = rest.dropFirst()
        } else {
            guard let start = value(kind, &rest, offset: offset + (element.count - rest.count)) else { return nil }
            lower = start
            if rest.hasPrefix("-") {
                rest = rest.dropFirst()
                guard let end = value(kind, &rest, offset: offset + (element.count - rest.count)) else { return nil }
                guard end >= lower else {
                    report(
                        "the \(kind.name) range '\(element)' runs backwards", at: offset,
                        hint: "write the smaller value first; cron would take a backwards range as no values at all")
                    return nil
                }
                upper = end
            } else {
                upper = lower
                isRange = false
            }
        }
        var step = 1
        if rest.hasPrefix("/") {
            let slashOffset = offset + (element.count - rest.count)
            guard isRange else {
                report(
                    "a step needs a range or '*' before it, not just '\(element.prefix { $0 != "/" })'",
                    at: slashOffset,
                    hint: "write '\(lower)-\(kind.highest == 7 ? 6 : kind.highest)\(rest)' or '*\(rest)'")
                return nil
            }
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let span = kind.highest - kind.lowest + (kind == .dayOfWeek ? 0 : 1)
            guard !digits.isEmpty, digits.count <= 3, let number = Int(digits) else {
                report("'/' in the \(kind.name) field must be followed by a step such as 5", at: slashOffset + 1)
                return nil
            }
            guard number >= 1, number <= span else {
                report(
                    "the step \(number) in the \(kind.name) field must be between 1 and \(span)", at: slashOffset + 1)
                return nil
            }
            step = number
            rest = rest.dropFirst(digits.count)
        }
        guard rest.isEmpty else {
            report(
                "unexpected '\(rest)' in the \(kind.name) field", at: offset + (element.count - rest.count),
                hint: "an item is a value, a range a-b, '*', with an optional /step, such as 1-5, */15 or 0-30/10")
            return nil
        }
        return Array(stride(from: lower, through: upper, by: step))
    }

    /// A number or name at the front of `rest`, consumed; `nil` after reporting why it is wrong.
    private mutating func value(_ kind: CronField.Kind, _ rest: inout Substring, offset: Int) -> Int? {
        let word = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        rest = rest.dropFirst(word.count)
        guard !word.isEmpty else {
            let found = rest.first.map { "'\($0)'" } ?? "the end of the field"
            report("expected a \(kind.name) value, found \(found)", at: offset, hint: range(of: kind))
            return nil
        }
        if word.allSatisfy(\.isNumber) {
            guard word.count <= 4, let number = Int(word), (kind.lowest...kind.highest).contains(number) else {
                report("\(kind.name) \(word) is out of range", at: offset, hint: range(of: kind))
                return nil
            }
            return number
        }
        if let index = kind.names.firstIndex(of: word.lowercased()) {
            return kind.lowest + index
        }
        let hint: String
        if kind.names.isEmpty {
            hint = "the \(kind.name) field takes numbers only: \(range(of: kind))"
        } else if let match = kind.names.first(where: { word.lowercased().hasPrefix($0) }) {
            hint = "names are three letters: write '\(match.uppercased())'"
        } else if let near = NameSuggestion.nearest(to: word.lowercased(), in: kind.names) {
            hint = "did you mean '\(near.uppercased())'?"
        } else {
            hint = range(of: kind)
        }
        report("unknown \(kind.name) '\(word)'", at: offset, hint: hint)
        return nil
    }

    private func range(of kind: CronField.Kind) -> String {
        switch kind {
        case .month: "months are 1-12 or JAN-DEC"
        case .dayOfWeek: "days of the week are 0-7 (0 and 7 are Sunday) or SUN-SAT"
        default: "\(kind.name) values are \(kind.lowest)-\(kind.highest)"
        }
    }

    private mutating func report(_ message: String, at offset: Int, hint: String? = nil) {
        diagnostics.append(.error(.invalidCron, message, at: at(offset), hint: hint))
    }

    private func at(_ offset: Int) -> SourceLocation? {
        location.map { SourceLocation(file: $0.file, line: $0.line, column: $0.column + offset) }
    }

    // MARK: - Words

    struct Word {
        var text: String
        var offset: Int
    }

    /// The space- or tab-separated words of `text`, each with its character offset.
    static func words(in text: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        for (offset, character) in text.enumerated() {
            if character == " " || character == "\t" {
                if !current.isEmpty { words.append(Word(text: current, offset: start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(Word(text: current, offset: start)) }
        return words
    }
}
