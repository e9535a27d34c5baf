import Foundation
import SluiceCore
import SluiceCron
import SluiceTestSupport
import Testing

/// Fire times against the table in `Fixtures/fire-times.json`, whose expected times come from a
/// simulation of Vixie cron's main loop (`scripts/cron-oracle.py`).
@Suite struct CronFireTimeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var cron: String
        var zone: String
        var from: String
        var expected: [String]
        var why: String
        var testDescription: String { "\(cron) in \(zone): \(why)" }
    }

    static let cases: [Case] = {
        guard let table = try? TestFixtures().json("fire-times.json").arrayValue else { return [] }
        return table.compactMap { entry in
            guard let object = entry.objectValue, let cron = object["cron"]?.stringValue,
                let zone = object["zone"]?.stringValue, let from = object["from"]?.stringValue,
                let expected = object["expected"]?.arrayValue?.compactMap(\.stringValue),
                let why = object["why"]?.stringValue
            else { return nil }
            return Case(cron: cron, zone: zone, from: from, expected: expected, why: why)
        }
    }()

    static func date(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    @Test func theTableIsLoaded() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases) func firesWhenCronWould(_ example: Case) throws {
        let expression = try CronExpression.parse(example.cron)
        let zone = try #require(TimeZone(identifier: example.zone))
        let times = expression.fireTimes(after: try Self.date(example.from), in: zone, count: example.expected.count)
        #expect(times.map { $0.formatted(.iso8601) } == example.expected)
    }

    @Test func aLeapDayIsFoundYearsAhead() throws {
        let expression = try CronExpression.parse("0 0 29 2 *")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let times = expression.fireTimes(after: try Self.date("2097-03-01T00:00:00Z"), in: utc, count: 2)
        #expect(times.map { $0.formatted(.iso8601) } == ["2104-02-29T00:00:00Z", "2108-02-29T00:00:00Z"])
    }

    @Test func theStartItselfIsNotAFireTime() throws {
        let expression = try CronExpression.parse("0 * * * *")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let next = expression.nextFireTime(after: try Self.date("2026-01-01T05:00:00Z"), in: utc)
        #expect(next == (try Self.date("2026-01-01T06:00:00Z")))
    }

    @Test func wildcardAndFixedJobsAreTold() throws {
        #expect(try CronExpression.parse("*/5 3 * * *").isWildcardTime)
        #expect(try CronExpression.parse("30 */2 * * *").isWildcardTime)
        #expect(try CronExpression.parse("@hourly").isWildcardTime)
        #expect(try !CronExpression.parse("0,30 1-3 * * *").isWildcardTime)
        #expect(try !CronExpression.parse("@daily").isWildcardTime)
    }
}
