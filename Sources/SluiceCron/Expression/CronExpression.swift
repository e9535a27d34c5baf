public import SluiceCore

/// A parsed five-field cron expression, with Vixie cron's meaning.
///
/// The fields are minute, hour, day of month, month and day of week. A day matches when the
/// month matches and, if both day fields are restricted (neither starts with `*`), when either
/// day field matches; otherwise when both do. The macros `@yearly`, `@annually`, `@monthly`,
/// `@weekly`, `@daily`, `@midnight` and `@hourly` stand for the expressions they abbreviate.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written, without surrounding spaces.
    public let text: String
    /// 0–59.
    public let minute: CronField
    /// 0–23.
    public let hour: CronField
    /// 1–31.
    public let dayOfMonth: CronField
    /// 1–12.
    public let month: CronField
    /// 0–6, Sunday first.
    public let dayOfWeek: CronField

    init(text: String, fields: [CronField]) {
        self.text = text
        minute = fields[0]
        hour = fields[1]
        dayOfMonth = fields[2]
        month = fields[3]
        dayOfWeek = fields[4]
    }

    /// The expression as written.
    public var description: String { text }

    /// The five fields in order.
    public var fields: [CronField] { [minute, hour, dayOfMonth, month, dayOfWeek] }

    /// Whether cron treats the job as a "wildcard" job: its minute or hour field starts with `*`
    /// (`@hourly` included). Wildcard jobs follow the new clock at daylight-saving changes;
    /// fixed-time jobs are made up after a skipped hour and not repeated in a repeated one.
    public var isWildcardTime: Bool { minute.startsWithStar || hour.startsWithStar }

    /// Whether both day fields are restricted, so a day matching either one fires (Vixie's rule).
    public var daysMatchEither: Bool { !dayOfMonth.startsWithStar && !dayOfWeek.startsWithStar }

    /// Whether the expression allows the calendar day `day` of `month` (1-based), which falls on `weekday` (0 = Sunday).
    public func allowsDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard self.month.contains(month) else { return false }
        let byDate = dayOfMonth.contains(day)
        let byWeekday = dayOfWeek.contains(weekday)
        return daysMatchEither ? byDate || byWeekday : byDate && byWeekday
    }

    /// Whether some calendar day can ever match (`0 0 30 2 *` cannot: February has no 30th).
    public var canFire: Bool {
        if daysMatchEither { return true }
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return month.values.contains { month in dayOfMonth.values.contains { $0 <= longest[month - 1] } }
    }

    /// Parses `text`, pointing diagnostics into the file at `location` (where the text's first character is).
    ///
    /// Every problem in the expression is reported, each at the column of the offending part.
    public static func parse(
        _ text: String, at location: SourceLocation? = nil
    ) throws(DiagnosticError)
        -> CronExpression
    {
        var parser = CronParser(text: text, location: location)
        return try parser.parse()
    }
}
