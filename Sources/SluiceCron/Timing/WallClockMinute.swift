internal import Foundation

/// What one local wall-clock minute is in a time zone: a single instant, two (the clock was set
/// back and the minute came round again), or none (the clock jumped over it).
enum WallClockMinute: Equatable {
    /// The minute happens once, at this instant.
    case single(Date)
    /// The minute happens twice; `repeatSeconds` is how far the clock went back.
    case repeated(first: Date, second: Date, repeatSeconds: Int)
    /// The clock skipped the minute; `resumedAt` is the instant the clock jumped (the first
    /// moment after the gap) and `jumpSeconds` how far it jumped.
    case skipped(resumedAt: Date, jumpSeconds: Int)

    /// The minute whose wall-clock reading is `localSeconds` (seconds since 1970-01-01 00:00 on
    /// the zone's own clock), found among the zone's UTC offsets near `candidateOffsets`.
    static func resolve(localSeconds: Int, in zone: TimeZone, candidateOffsets: [Int]) -> WallClockMinute {
        var tried: [Int] = []
        var pending = candidateOffsets
        var instants: [Int] = []
        while let offset = pending.popLast() {
            guard !tried.contains(offset) else { continue }
            tried.append(offset)
            let instant = localSeconds - offset
            let actual = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
            if actual == offset {
                instants.append(instant)
            } else if !tried.contains(actual) {
                pending.append(actual)
            }
        }
        instants.sort()
        if instants.count >= 2, let first = instants.first, let last = instants.last {
            return .repeated(
                first: Date(timeIntervalSince1970: TimeInterval(first)),
                second: Date(timeIntervalSince1970: TimeInterval(last)), repeatSeconds: last - first)
        }
        if let only = instants.first {
            return .single(Date(timeIntervalSince1970: TimeInterval(only)))
        }
        // In a gap: the zone's clock reads earlier than `localSeconds` just before the jump and
        // later just after it. Search the instants between the two readings for the jump.
        let highest = tried.max() ?? 0
        let lowest = tried.min() ?? 0
        var before = localSeconds - highest
        var after = localSeconds - lowest
        let offsetBefore = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(before)))
        let offsetAfter = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(after)))
        while after - before > 1 {
            let middle = before + (after - before) / 2
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(middle))) == offsetBefore {
                before = middle
            } else {
                after = middle
            }
        }
        return .skipped(
            resumedAt: Date(timeIntervalSince1970: TimeInterval(after)), jumpSeconds: offsetAfter - offsetBefore)
    }
}
