extension CronExpression {
    /// The schedule in English, for `sluice schedule ls`: "every 30 minutes", "at 07:00 on Monday through Friday".
    public var inWords: String {
        [timeInWords, dayInWords, monthInWords].filter { !$0.isEmpty }.joined(separator: " ")
    }

    private var timeInWords: String {
        let minutes = minute.values
        let hours = hour.values
        if hour.allowsEverything {
            if minute.allowsEverything { return "every minute" }
            if let step = Self.step(of: minute) { return "every \(step) minutes" }
            return "at \(Self.minutesPast(minutes)) past every hour"
        }
        if minutes.count * hours.count <= 6 {
            let times = hours.flatMap { hour in minutes.map { Self.clock(hour, $0) } }
            return "at " + Self.list(times)
        }
        if let step = Self.step(of: hour), minutes.count == 1 {
            return "at \(Self.minutesPast(minutes)) past every \(step) hours"
        }
        let minutePart =
            minute.allowsEverything
            ? "every minute" : Self.step(of: minute).map { "every \($0) minutes" } ?? "at \(Self.minutesPast(minutes))"
        return "\(minutePart) past hours \(Self.list(Self.runs(hours, name: { String($0) })))"
    }

    private var dayInWords: String {
        let dates = "on day \(Self.list(Self.runs(dayOfMonth.values, name: { String($0) }))) of the month"
        let weekdays = "on \(Self.list(Self.runs(dayOfWeek.values, name: { Self.weekdayNames[$0] })))"
        let datesRestricted = !dayOfMonth.allowsEverything
        let weekdaysRestricted = !dayOfWeek.allowsEverything
        if daysMatchEither { return "\(dates) or \(weekdays)" }
        switch (datesRestricted, weekdaysRestricted) {
        case (true, true): return "\(dates) when it is \(Self.list(dayOfWeek.values.map { Self.weekdayNames[$0] }))"
        case (true, false): return dates
        case (false, true): return weekdays
        case (false, false): return ""
        }
    }

    private var monthInWords: String {
        guard !month.allowsEverything else { return "" }
        return "in " + Self.list(Self.runs(month.values, name: { Self.monthNames[$0 - 1] }))
    }

    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `n` when the field is written `*/n`.
    private static func step(of field: CronField) -> Int? {
        guard field.text.hasPrefix("*/") else { return nil }
        return Int(field.text.dropFirst(2))
    }

    private static func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    private static func minutesPast(_ minutes: [Int]) -> String {
        let words = runs(minutes, name: { String($0) })
        return (minutes.count == 1 ? "minute " : "minutes ") + list(words)
    }

    /// Values as words, three or more consecutive ones joined as "a through b".
    private static func runs(_ values: [Int], name: (Int) -> String) -> [String] {
        var words: [String] = []
        var index = 0
        while index < values.count {
            var end = index
            while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
            if end - index >= 2 {
                words.append("\(name(values[index])) through \(name(values[end]))")
                index = end + 1
            } else {
                words.append(name(values[index]))
                index += 1
            }
        }
        return words
    }

    private static func list(_ words: [String]) -> String {
        guard words.count > 1, let last = words.last else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " and " + last
    }
}
