/// Parses the durations users write in pipeline files: `250ms`, `60s`, `2m`, `1h30m`, `1.5s`.
///
/// A duration is one or more `<number><unit>` parts, largest unit first, with units `h`, `m`,
/// `s` and `ms`. A bare number is refused: `60` could mean seconds or milliseconds, and a
/// timeout that is a thousand times off is worse than an error. A duration longer than ten
/// years (`87600h`) is refused too, so no arithmetic on it can overflow later.
public enum DurationParser {
    /// Units from largest to smallest; parts must follow this order.
    private static let units: [(suffix: String, milliseconds: Double)] = [
        ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Ten years, far beyond any timeout or cache lifetime.
    private static let longestMilliseconds = 10.0 * 365 * 24 * 3600 * 1000

    /// The duration written in `text`; a diagnostic at `location` when it is malformed.
    public static func parse(_ text: String, at location: SourceLocation? = nil) throws(DiagnosticError) -> Duration {
        let trimmed = text.trimmingWhitespace()
        let hint = "write a number followed by a unit (ms, s, m, h), for example '250ms', '30s' or '1h30m'"
        guard !trimmed.isEmpty else {
            throw DiagnosticError(.error(.invalidDuration, "empty duration", at: location, hint: hint))
        }
        var remaining = Substring(trimmed)
        var totalMilliseconds = 0.0
        var lastUnitRank = -1
        while !remaining.isEmpty {
            let number = remaining.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else {
                throw DiagnosticError(
                    .error(.invalidDuration, "invalid duration '\(trimmed)'", at: location, hint: hint))
            }
            remaining = remaining.dropFirst(number.count)
            // The longest matching suffix wins, so `ms` is not read as `m` followed by junk.
            let matches = units.indices.filter { remaining.hasPrefix(units[$0].suffix) }
            guard let unitIndex = matches.max(by: { units[$0].suffix.count < units[$1].suffix.count }) else {
                let message =
                    remaining.isEmpty
                    ? "duration '\(trimmed)' has no unit" : "duration '\(trimmed)' has an unknown unit"
                throw DiagnosticError(.error(.invalidDuration, message, at: location, hint: hint))
            }
            guard unitIndex > lastUnitRank else {
                throw DiagnosticError(
                    .error(
                        .invalidDuration, "duration '\(trimmed)' repeats a unit or lists units out of order",
                        at: location, hint: hint))
            }
            lastUnitRank = unitIndex
            totalMilliseconds += value * units[unitIndex].milliseconds
            remaining = remaining.dropFirst(units[unitIndex].suffix.count)
        }
        // Doubles do not trap: an enormous number becomes a large or infinite total, refused here
        // before it is turned into a `Duration`, whose integer arithmetic would trap.
        guard totalMilliseconds.isFinite, totalMilliseconds <= longestMilliseconds else {
            throw DiagnosticError(
                .error(
                    .invalidDuration, "duration '\(trimmed)' is too long",
                    at: location, hint: "the longest duration Sluice accepts is 87600h (ten years)"))
        }
        return .milliseconds(totalMilliseconds)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
