public import Foundation

extension CronExpression {
    /// How far the clock may jump forward, in seconds, and still count as cron waking late:
    /// every job due in the skipped minutes then runs (Vixie cron's "small" jump, 5 minutes).
    static let lateWakeupLimit = 5 * 60
    /// Clock changes larger than this (3 hours) are corrections, not daylight saving: cron makes
    /// nothing up after a larger jump forward and repeats everything after a larger jump back.
    static let daylightSavingLimit = 3 * 3600
    /// The longest a search looks ahead past the last fire found: a February 29th can be eight
    /// years from the last one.
    static let searchDays = 366 * 9 + 2

    /// The first `count` times strictly after `instant` at which cron, running with its clock in
    /// `zone`, starts a job with this schedule.
    ///
    /// This follows Vixie cron (Debian's `cron`, ISC cron 4.1) at clock changes of up to three hours:
    /// - **Skipped minutes** (the clock jumps forward): a fixed-time job due in the gap runs once,
    ///   at the moment the clock jumps; a wildcard job (``isWildcardTime``) does not run for them.
    /// - **Repeated minutes** (the clock goes back): a fixed-time job runs only the first time;
    ///   a wildcard job runs both times.
    /// A forward jump of at most 5 minutes is a late wake-up, after which every job due runs; a
    /// change of more than three hours is a correction (nothing made up forward, everything again
    /// backward). Several fires at one instant are listed once.
    public func fireTimes(after instant: Date, in zone: TimeZone, count: Int) -> [Date] {
        guard count > 0, canFire else { return [] }
        let start = Int(instant.timeIntervalSince1970.rounded(.down))
        let startLocal = start + zone.secondsFromGMT(for: instant)
        let firstDay = Int((Double(startLocal) / 86400).rounded(.down)) - 1
        var found: [(day: Int, instant: Date)] = []
        var day = firstDay
        while day - (found.last?.day ?? firstDay) <= Self.searchDays {
            appendFires(onDay: day, in: zone, after: instant, to: &found)
            day += 1
            // A day's fires can interleave with the next day's only across a clock change, and
            // never with the day after that: once day `day` is in, earlier days are final.
            let settled = found.count { $0.day < day - 1 }
            if settled >= count { break }
        }
        var times: [Date] = []
        for time in found.map(\.instant).sorted() where times.last != time {
            times.append(time)
            if times.count == count { break }
        }
        return times
    }

    /// The first time strictly after `instant` at which cron in `zone` starts the job, if it ever does.
    public func nextFireTime(after instant: Date, in zone: TimeZone) -> Date? {
        fireTimes(after: instant, in: zone, count: 1).first
    }

    private func appendFires(
        onDay day: Int, in zone: TimeZone, after instant: Date, to found: inout [(day: Int, instant: Date)]
    ) {
        let date = CivilDate(daysSinceEpoch: day)
        guard allowsDay(month: date.month, day: date.day, weekday: CivilDate.weekday(daysSinceEpoch: day)) else {
            return
        }
        let midnight = day * 86400
        let around = [
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(midnight - 2 * 86400))),
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(midnight + 3 * 86400))),
        ]
        for hour in hour.values {
            for minute in minute.values {
                let local = midnight + hour * 3600 + minute * 60
                for fire in fires(at: .resolve(localSeconds: local, in: zone, candidateOffsets: around))
                where fire > instant {
                    found.append((day, fire))
                }
            }
        }
    }

    /// When cron starts the job for a matching wall-clock minute.
    private func fires(at minute: WallClockMinute) -> [Date] {
        switch minute {
        case .single(let instant):
            return [instant]
        case .repeated(let first, let second, let repeatSeconds):
            return isWildcardTime || repeatSeconds > Self.daylightSavingLimit ? [first, second] : [first]
        case .skipped(let resumedAt, let jumpSeconds):
            if jumpSeconds <= Self.lateWakeupLimit { return [resumedAt] }
            if jumpSeconds > Self.daylightSavingLimit || isWildcardTime { return [] }
            return [resumedAt]
        }
    }
}
