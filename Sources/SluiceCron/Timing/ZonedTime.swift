public import Foundation

/// An instant as a clock in a time zone reads it, for listing fire times.
public struct ZonedTime: Sendable, Hashable {
    /// The instant.
    public let instant: Date
    /// The zone whose clock reads it.
    public let zone: TimeZone

    /// `instant` read in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        self.instant = instant
        self.zone = zone
    }

    /// The zone's offset from UTC at the instant, in seconds.
    public var offsetSeconds: Int { zone.secondsFromGMT(for: instant) }

    /// Seconds since 1970-01-01 00:00 on the zone's clock.
    var localSeconds: Int { Int(instant.timeIntervalSince1970.rounded(.down)) + offsetSeconds }

    var date: CivilDate { CivilDate(daysSinceEpoch: Int((Double(localSeconds) / 86400).rounded(.down))) }

    /// The hour and minute on the zone's clock.
    public var hourAndMinute: (hour: Int, minute: Int) {
        let secondOfDay = ((localSeconds % 86400) + 86400) % 86400
        return (secondOfDay / 3600, secondOfDay % 3600 / 60)
    }

    /// The offset as `+02:00`, `-04:00` or `Z`.
    public var offsetText: String {
        let offset = offsetSeconds
        guard offset != 0 else { return "Z" }
        let minutes = abs(offset) / 60
        return (offset < 0 ? "-" : "+") + Self.twoDigits(minutes / 60) + ":" + Self.twoDigits(minutes % 60)
    }

    /// RFC 3339 with the zone's offset: `2026-03-08T03:00:00-04:00`.
    public var iso8601: String {
        let seconds = ((localSeconds % 60) + 60) % 60
        return "\(dayText)T\(clockText):\(Self.twoDigits(seconds))\(offsetText)"
    }

    /// For people: `Sun 2026-03-08 03:00 -04:00`.
    public var readable: String {
        let weekday = CronExpression.weekdayNames[CivilDate.weekday(daysSinceEpoch: date.daysSinceEpoch)].prefix(3)
        return "\(weekday) \(dayText) \(clockText) \(offsetText == "Z" ? "+00:00" : offsetText)"
    }

    private var dayText: String {
        let date = date
        return "\(date.year)-\(Self.twoDigits(date.month))-\(Self.twoDigits(date.day))"
    }

    private var clockText: String {
        let (hour, minute) = hourAndMinute
        return "\(Self.twoDigits(hour)):\(Self.twoDigits(minute))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension CronExpression {
    /// Why cron starts the job at `time` when that is not simply a matching minute on the clock:
    /// a fire made up after the clock skipped its minute, or a wildcard job's minute come round
    /// again after the clock went back. `nil` for an ordinary fire.
    public func clockChangeNote(for time: ZonedTime) -> String? {
        let (hour, minute) = time.hourAndMinute
        let date = time.date
        let weekday = CivilDate.weekday(daysSinceEpoch: date.daysSinceEpoch)
        let matches =
            self.minute.contains(minute) && self.hour.contains(hour)
            && allowsDay(month: date.month, day: date.day, weekday: weekday)
        guard matches else {
            return "the clock skipped its time (daylight saving); cron runs a fixed-time job when the clock jumps"
        }
        for back in [1800, 3600, 7200] {
            let earlier = ZonedTime(time.instant.addingTimeInterval(TimeInterval(-back)), in: time.zone)
            if earlier.localSeconds == time.localSeconds {
                return "the clock went back (daylight saving) and this time comes round again"
            }
        }
        return nil
    }
}

extension ZonedTime {
    /// The instant written as `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]`, optionally followed by `Z` or
    /// an offset such as `+02:00`; without an offset the time is read on `zone`'s clock (the first
    /// of two readings when the clock went back; the jump when it skipped the time). `nil` when malformed.
    public static func parse(_ text: String, in zone: TimeZone) -> ZonedTime? {
        let characters = Array(text.trimmingCharacters(in: .whitespaces))
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= characters.count else { return nil }
            let slice = characters[index..<(index + digits)]
            guard slice.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(String(slice)) else { return nil }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = 0
        if index < characters.count, characters[index] == "T" || characters[index] == " " {
            index += 1
            guard let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60 else { return nil }
            seconds = hour * 3600 + minute * 60
            if expect(":") {
                guard let second = number(2), second < 60 else { return nil }
                seconds += second
            }
        }
        let date = CivilDate(year: year, month: month, day: day)
        guard CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date else { return nil }
        let local = date.daysSinceEpoch * 86400 + seconds
        if index == characters.count {
            let around = [-86400, 86400].map {
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + $0)))
            }
            switch WallClockMinute.resolve(localSeconds: local, in: zone, candidateOffsets: around) {
            case .single(let instant), .repeated(let instant, _, _), .skipped(let instant, _):
                return ZonedTime(instant, in: zone)
            }
        }
        var offset = 0
        if expect("Z") {
            offset = 0
        } else if index < characters.count, characters[index] == "+" || characters[index] == "-" {
            let sign = characters[index] == "-" ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(":")
            guard let minutes = number(2) else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard index == characters.count else { return nil }
        return ZonedTime(Date(timeIntervalSince1970: TimeInterval(local - offset)), in: zone)
    }
}
