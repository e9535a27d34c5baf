import Foundation
import SluiceCore
import SluiceCron
import Testing

/// Seeded random checks (a failure names its seed): the parser never traps on any text, and in a
/// zone without clock changes the fire times are exactly the matching minutes a brute-force scan finds.
@Suite struct CronPropertyTests {
    static let utc = TimeZone(identifier: "UTC") ?? .gmt

    /// Whether the minute starting at `instant` (UTC) matches `expression`, checked field by field.
    static func matches(_ expression: CronExpression, _ instant: Date) -> Bool {
        let calendar = Calendar(identifier: .gregorian)
        let parts = calendar.dateComponents(in: utc, from: instant)
        guard let minute = parts.minute, let hour = parts.hour, let day = parts.day, let month = parts.month,
            let weekday = parts.weekday
        else { return false }
        return expression.minute.contains(minute) && expression.hour.contains(hour)
            && expression.allowsDay(month: month, day: day, weekday: weekday - 1)
    }

    @Test func anyTextParsesOrFailsWithLocatedErrors() {
        var random = SeededRandom(seed: 13)
        let tokens = [
            "*", "*/5", "*/0", "1-5", "5-1", "0", "7", "12", "31", "59", "99", "jan", "FEB", "mon-fri", "sun", ",", "/",
            "-", "/2", "@daily", "@hourly", "@bogus", "é", "1,15", "0-7", "",
        ]
        let likely = ["*", "*/5", "1-5", "0", "7", "12", "1,15", "mon-fri", "jan", "0-7", "3-9/2"]
        var parsed = 0
        for round in 0..<3000 {
            // Half the rounds are five one-token fields, which often parse; the rest are anything.
            let wellFormed = random.next(below: 2) == 0
            let fields = (0..<(wellFormed ? 5 : random.next(below: 7) + 1)).map { _ in
                wellFormed
                    ? likely[random.next(below: likely.count)]
                    : (0...random.next(below: 3)).map { _ in tokens[random.next(below: tokens.count)] }.joined()
            }
            let text = fields.joined(separator: random.next(below: 4) == 0 ? "\t" : " ")
            do throws(DiagnosticError) {
                let expression = try CronExpression.parse(text, at: SourceLocation(file: "x", line: 1, column: 1))
                parsed += 1
                let times = expression.fireTimes(
                    after: Date(timeIntervalSince1970: 1_800_000_000), in: Self.utc, count: 3)
                #expect(times.count == 3, "round \(round): '\(text)'")
                #expect(times == times.sorted() && Set(times).count == times.count, "round \(round): '\(text)'")
                #expect(times.allSatisfy { Self.matches(expression, $0) }, "round \(round): '\(text)'")
            } catch {
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { ($0.location?.column ?? 0) >= 1 }, "round \(round): '\(text)'")
            }
        }
        #expect(parsed >= 100, "only \(parsed) of the random texts parsed; the check says little")
    }

    /// A random valid field: a list of values, ranges, stepped ranges and stepped stars.
    static func field(_ low: Int, _ high: Int, _ random: inout SeededRandom) -> String {
        if random.next(below: 4) == 0 { return "*" }
        let count = 1 + random.next(below: 3)
        return (0..<count).map { _ in
            let first = low + random.next(below: high - low + 1)
            let last = first + random.next(below: high - first + 1)
            switch random.next(below: 4) {
            case 0: return "\(first)"
            case 1: return "\(first)-\(last)"
            case 2: return "\(first)-\(last)/\(1 + random.next(below: 5))"
            default: return "*/\(1 + random.next(below: 7))"
            }
        }.joined(separator: ",")
    }

    @Test func fireTimesAreTheMatchingMinutesInOrder() throws {
        var random = SeededRandom(seed: 1307)
        for round in 0..<60 {
            let text = [
                Self.field(0, 59, &random), Self.field(0, 23, &random), Self.field(1, 31, &random),
                random.next(below: 2) == 0 ? "*" : Self.field(1, 12, &random), Self.field(0, 7, &random),
            ].joined(separator: " ")
            let expression = try CronExpression.parse(text)
            let start = Date(timeIntervalSince1970: TimeInterval(1_790_000_000 + random.next(below: 40_000_000) * 60))
            let end = start.addingTimeInterval(4 * 86400)
            var scanned: [Date] = []
            var minute = start.addingTimeInterval(60 - start.timeIntervalSince1970.truncatingRemainder(dividingBy: 60))
            while minute <= end {
                if Self.matches(expression, minute) { scanned.append(minute) }
                minute.addTimeInterval(60)
            }
            let computed = expression.fireTimes(after: start, in: Self.utc, count: scanned.count + 1)
            #expect(Array(computed.prefix(scanned.count)) == scanned, "round \(round): '\(text)'")
            #expect(
                computed.count == scanned.count + 1 && computed.last.map { $0 > end } == true,
                "round \(round): '\(text)'")
        }
    }
}
