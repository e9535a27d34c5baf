import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron
import SluicePipeline

/// `sluice schedule ls`: the project's scheduled pipelines, their schedules in words, and the next fire times.
struct ScheduleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the scheduled pipelines and their next three fire times.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "List fire times after this time (ISO 8601) instead of after now.")
    var from: String?

    @Flag(name: .long, help: "Print the list as JSON.")
    var json = false

    func run() throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let scheduled = loader.scheduledPipelines()
        var entries: [JSONValue] = []
        var rows: [[String]] = []
        for pipeline in scheduled {
            guard let schedule = pipeline.schedule, pipeline.isRunnable else {
                let errors = pipeline.diagnostics.count { $0.severity == .error }
                let note = "INVALID (\(errors) error\(errors == 1 ? "" : "s"); run 'sluice validate \(pipeline.name)')"
                rows.append([pipeline.name, pipeline.schedule?.expression.text ?? "-", note])
                entries.append(.object(["pipeline": .string(pipeline.name), "valid": false]))
                continue
            }
            let zone = schedule.timeZone
            let zoneName = schedule.timeZoneName ?? zone.identifier
            let start = try ScheduleTimes.start(from, in: zone)
            let times = schedule.expression.fireTimes(after: start, in: zone, count: 3).map { ZonedTime($0, in: zone) }
            rows.append([
                pipeline.name, schedule.expression.text,
                "\(schedule.expression.inWords) (\(zoneName)); next: "
                    + times.map(\.readable).joined(separator: ", "),
            ])
            entries.append(
                .object([
                    "pipeline": .string(pipeline.name), "valid": true, "cron": .string(schedule.expression.text),
                    "words": .string(schedule.expression.inWords), "timezone": .string(zoneName),
                    "overlap": .string(schedule.overlap.rawValue), "catch_up": .string(schedule.catchUp.rawValue),
                    "next": .array(times.map { ScheduleTimes.json($0, of: schedule.expression) }),
                ]))
        }
        if json {
            print(JSONValue.array(entries).formatted(.pretty))
            return
        }
        guard !rows.isEmpty else {
            print("no pipeline in \(loader.project.root)/pipelines has a schedule")
            return
        }
        let header = ["PIPELINE", "CRON", "WHEN"]
        print(TextTable.render(header: header, rows: rows), terminator: "")
    }
}
