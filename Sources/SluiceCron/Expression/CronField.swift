/// One of the five fields of a cron expression: the values it allows, and how it was written.
public struct CronField: Sendable, Hashable {
    /// Which field: each has its own range of values, and month and weekday also accept names.
    public enum Kind: Int, Sendable, Hashable, CaseIterable {
        /// 0–59.
        case minute
        /// 0–23.
        case hour
        /// 1–31.
        case dayOfMonth
        /// 1–12, or `JAN`–`DEC`.
        case month
        /// 0–7 (0 and 7 are Sunday), or `SUN`–`SAT`.
        case dayOfWeek

        /// The smallest value the field accepts.
        public var lowest: Int {
            switch self {
            case .minute, .hour, .dayOfWeek: 0
            case .dayOfMonth, .month: 1
            }
        }

        /// The largest value the field accepts (7 for the weekday, which is Sunday again).
        public var highest: Int {
            switch self {
            case .minute: 59
            case .hour: 23
            case .dayOfMonth: 31
            case .month: 12
            case .dayOfWeek: 7
            }
        }

        /// The field's name as messages use it.
        public var name: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }

        /// The names the field accepts, lowercased, in value order from `lowest`; empty when it takes numbers only.
        var names: [String] {
            switch self {
            case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            default: []
            }
        }
    }

    /// Which field this is.
    public let kind: Kind
    /// The field as written (for a macro, the field it stands for, such as `0` or `*`).
    public let text: String
    /// Whether the field starts with `*` (`*` or `*/n`): cron's test for "unrestricted" in the
    /// day-of-month / day-of-week rule, and for a "wildcard" job at daylight-saving changes.
    public let startsWithStar: Bool
    /// The allowed values as a bit set; a weekday of 7 is stored as 0 (Sunday).
    let bits: UInt64

    init(kind: Kind, text: String, startsWithStar: Bool, bits: UInt64) {
        self.kind = kind
        self.text = text
        self.startsWithStar = startsWithStar
        self.bits = bits
    }

    /// Whether the field allows `value` (for the weekday, 0 or 7 for Sunday).
    public func contains(_ value: Int) -> Bool {
        let normalised = kind == .dayOfWeek && value == 7 ? 0 : value
        guard normalised >= 0, normalised < 64 else { return false }
        return bits & (1 << UInt64(normalised)) != 0
    }

    /// The allowed values in ascending order (Sunday as 0).
    public var values: [Int] {
        (kind.lowest...min(kind.highest, kind == .dayOfWeek ? 6 : kind.highest)).filter { contains($0) }
    }

    /// Whether every value of the field is allowed.
    public var allowsEverything: Bool {
        values.count == (kind == .dayOfWeek ? 7 : kind.highest - kind.lowest + 1)
    }
}
