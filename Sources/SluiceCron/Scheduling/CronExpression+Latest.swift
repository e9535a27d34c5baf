public import Foundation

extension CronExpression {
    /// The last fire time strictly after `lower` and no later than `upper`, if there is one.
    ///
    /// It looks back from `upper` in widening windows (an hour, a day, a month, a year, nine years),
    /// so an every-minute job missed for a month costs about as much as a daily one.
    public func latestFireTime(after lower: Date, notAfter upper: Date, in zone: TimeZone) -> Date? {
        guard lower < upper else { return nil }
        for window: TimeInterval in [3600, 86400, 31 * 86400, 366 * 86400, TimeInterval(Self.searchDays * 86400)] {
            let start = max(lower, upper.addingTimeInterval(-window))
            if let latest = latestFireTime(in: start, upper, zone) { return latest }
            if start == lower { return nil }
        }
        return nil
    }

    private func latestFireTime(in start: Date, _ upper: Date, _ zone: TimeZone) -> Date? {
        var cursor = start
        var latest: Date?
        while true {
            let batch = fireTimes(after: cursor, in: zone, count: 64)
            for time in batch {
                if time > upper { return latest }
                latest = time
            }
            guard batch.count == 64, let last = batch.last else { return latest }
            cursor = last
        }
    }
}
