import SluiceCore
import SluiceCron
import Testing

@Suite struct CronParserTests {
    static let origin = SourceLocation(file: "pipelines/digest.yaml", line: 1, column: 12)

    static func problems(_ text: String) -> [Diagnostic] {
        do throws(DiagnosticError) {
            _ = try CronExpression.parse(text, at: origin)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func readsListsRangesStepsAndNames() throws {
        let expression = try CronExpression.parse("0,15-20/5 */6 1,15 JAN-mar/2 mon-FRI")
        #expect(expression.minute.values == [0, 15, 20])
        #expect(expression.hour.values == [0, 6, 12, 18])
        #expect(expression.dayOfMonth.values == [1, 15])
        #expect(expression.month.values == [1, 3])
        #expect(expression.dayOfWeek.values == [1, 2, 3, 4, 5])
    }

    @Test func sevenIsSunday() throws {
        #expect(try CronExpression.parse("0 0 * * 7").dayOfWeek.values == [0])
        #expect(try CronExpression.parse("0 0 * * 5-7").dayOfWeek.values == [0, 5, 6])
        #expect(try CronExpression.parse("0 0 * * 0-7").dayOfWeek.allowsEverything)
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
    ])
    func macrosStandForTheirExpressions(macro: String, expansion: String) throws {
        let expression = try CronExpression.parse(macro)
        #expect(expression.fields.map(\.text).joined(separator: " ") == expansion)
        #expect(expression.text == macro)
    }

    @Test func eitherDayFieldMatchesOnlyWhenBothAreRestricted() throws {
        let both = try CronExpression.parse("30 4 1,15 * 5")
        #expect(both.allowsDay(month: 1, day: 2, weekday: 5))
        #expect(both.allowsDay(month: 1, day: 15, weekday: 4))
        #expect(!both.allowsDay(month: 1, day: 3, weekday: 6))
        let starred = try CronExpression.parse("0 0 */2 * 1")
        #expect(!starred.allowsDay(month: 1, day: 3, weekday: 6))
        #expect(!starred.allowsDay(month: 1, day: 12, weekday: 1))
        #expect(starred.allowsDay(month: 1, day: 5, weekday: 1))
    }

    @Test func everyBadFieldIsReportedAtItsColumn() {
        let found = Self.problems("99 99 99 99 banana")
        #expect(found.map(\.location?.column) == [12, 15, 18, 21, 24])
        #expect(found.allSatisfy { $0.code == .invalidCron })
        #expect(
            found.map(\.message) == [
                "minute 99 is out of range", "hour 99 is out of range", "day-of-month 99 is out of range",
                "month 99 is out of range", "unknown day-of-week 'banana'",
            ])
        #expect(found[0].hint == "minute values are 0-59")
        #expect(found[4].hint == "days of the week are 0-7 (0 and 7 are Sunday) or SUN-SAT")
    }

    @Test func anItemInsideAListIsPointedAt() {
        let found = Self.problems("1,2,75 * * * *")
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "pipelines/digest.yaml", line: 1, column: 16))
    }

    @Test(
        arguments: [
            ("5/10 * * * *", "a step needs a range or '*' before it, not just '5'", "write '5-59/10' or '*/10'"),
            ("*/0 * * * *", "the step 0 in the minute field must be between 1 and 60", nil),
            (
                "5-1 * * * *", "the minute range '5-1' runs backwards",
                "write the smaller value first; cron would take a backwards range as no values at all"
            ),
            (
                "*/5/2 * * * *", "unexpected '/2' in the minute field",
                "an item is a value, a range a-b, '*', with an optional /step, such as 1-5, */15 or 0-30/10"
            ),
            ("0 0 * * monday", "unknown day-of-week 'monday'", "names are three letters: write 'MON'"),
            ("0 jan * * *", "unknown hour 'jan'", "the hour field takes numbers only: hour values are 0-23"),
            ("1,,2 * * * *", "empty item in the minute list '1,,2'", "remove the extra comma"),
        ] as [(String, String, String?)])
    func malformedItemsSayWhatToWrite(text: String, message: String, hint: String?) {
        let found = Self.problems(text)
        #expect(found.map(\.message) == [message])
        #expect(found.first?.hint == hint)
    }

    @Test func fieldCountsAndMacrosAreChecked() {
        #expect(Self.problems("*/5 * * *").first?.message.contains("has 4") == true)
        let six = Self.problems("0 */5 * * * *")
        #expect(six.first?.message.contains("no seconds or year field") == true)
        #expect(six.first?.location?.column == 12 + 12)
        #expect(Self.problems("@daly").first?.hint == "did you mean '@daily'?")
        #expect(Self.problems("@reboot").first?.hint?.hasPrefix("@reboot is not a time Sluice can schedule") == true)
        #expect(Self.problems("@daily 5").first?.location?.column == 12 + 7)
        #expect(Self.problems("").first?.message == "the cron expression is empty")
    }

    @Test func aDayNoMonthHasIsAnError() {
        let found = Self.problems("0 0 30 2 *")
        #expect(found.map(\.code) == [.cronNeverFires])
        #expect(found.first?.location?.column == 16)
        #expect(Self.problems("0 0 29 2 *").isEmpty)
        #expect(Self.problems("0 0 31 2,4 1").isEmpty)
    }
}

@Suite struct CronWordsTests {
    @Test(arguments: [
        ("* * * * *", "every minute"),
        ("*/30 * * * *", "every 30 minutes"),
        ("15 * * * *", "at minute 15 past every hour"),
        ("0 7 * * MON-FRI", "at 07:00 on Monday through Friday"),
        ("30 8,17 * * *", "at 08:30 and 17:30"),
        ("@daily", "at 00:00"),
        ("@weekly", "at 00:00 on Sunday"),
        ("@yearly", "at 00:00 on day 1 of the month in January"),
        ("30 4 1,15 * 5", "at 04:30 on day 1 and 15 of the month or on Friday"),
        ("0 */2 * * *", "at minute 0 past every 2 hours"),
        ("*/10 9-17 * * 1-5", "every 10 minutes past hours 9 through 17 on Monday through Friday"),
        ("0 0 1 jan,jul *", "at 00:00 on day 1 of the month in January and July"),
    ])
    func anExpressionReadsAsEnglish(text: String, words: String) throws {
        #expect(try CronExpression.parse(text).inWords == words)
    }
}
