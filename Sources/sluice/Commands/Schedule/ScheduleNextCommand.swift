import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron

/// `sluice schedule next EXPR`: the next fire times of any cron expression.
struct ScheduleNextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Show when a cron expression fires next.",
        discussion: """
            Times are those at which cron, running with its clock in the zone, would start the job, \
            daylight-saving changes included.
            """)

    @Argument(help: "A cron expression, such as \"0 7 * * MON-FRI\" or @daily (quote it).")
    var expression: String

    @Option(name: .long, help: "Start after this time (ISO 8601; without an offset, read in --tz). Default: now.")
    var from: String?

    @Option(name: .long, help: "How many fire times to show (1-1000).")
    var count: Int = 5

    @Option(name: .long, help: "The time zone (an IANA name such as Europe/Paris). Default: this machine's.")
    var tz: String?

    @Flag(name: .long, help: "Print the times as JSON.")
    var json = false

    func run() throws {
        guard (1...1000).contains(count) else {
            Terminal.printError("error: --count must be between 1 and 1000\n")
            throw ExitCode(2)
        }
        let zone = try ScheduleTimes.zone(named: tz)
        let start = try ScheduleTimes.start(from, in: zone)
        let parsed: CronExpression
        do throws(DiagnosticError) {
            parsed = try CronExpression.parse(expression, at: SourceLocation(file: "expression", line: 1, column: 1))
        } catch {
            let renderer = DiagnosticRenderer(usesColor: Terminal.errorUsesColor, sources: ["expression": expression])
            Terminal.printError(renderer.render(error.diagnostics))
            throw ExitCode(2)
        }
        let times = parsed.fireTimes(after: start, in: zone, count: count).map { ZonedTime($0, in: zone) }
        if json {
            let object: JSONObject = [
                "expression": .string(parsed.text), "words": .string(parsed.inWords),
                "timezone": .string(tz ?? zone.identifier),
                "times": .array(times.map { ScheduleTimes.json($0, of: parsed) }),
            ]
            print(JSONValue.object(object).formatted(.pretty))
            return
        }
        print("\(parsed.text): \(parsed.inWords) (\(tz ?? zone.identifier))")
        for time in times {
            print(time.readable + (parsed.clockChangeNote(for: time).map { "  (\($0))" } ?? ""))
        }
    }
}
