import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron
import SluicePipeline

/// `sluice schedule daemon`: a foreground scheduler for containers and systemd, where there is no cron.
struct ScheduleDaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the project's schedules in the foreground until SIGTERM or Ctrl-C.",
        discussion: """
            Each fire starts 'sluice run --scheduled NAME' as its own process, the same command cron runs, \
            so the overlap lock, the log and the summary line are the same. The pipelines' time zones, \
            overlap and catch_up apply. The pipelines are read once, at start: restart the daemon after \
            changing a schedule.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    func run() async throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let root = loader.project.root
        var jobs: [ScheduledJob] = []
        for pipeline in loader.scheduledPipelines() {
            guard pipeline.isRunnable, let schedule = pipeline.schedule else {
                Terminal.printDiagnostics(pipeline.diagnostics.filter { $0.severity == .error }, files: loader.files)
                Terminal.printError("warning: '\(pipeline.name)' is not scheduled until its errors are fixed\n")
                continue
            }
            jobs.append(
                ScheduledJob(
                    name: pipeline.name, expression: schedule.expression, timeZone: schedule.timeZone,
                    overlap: schedule.overlap, catchUp: schedule.catchUp))
        }
        guard !jobs.isEmpty else {
            Terminal.printError("error: no pipeline in \(root)/pipelines has a usable schedule\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        var lastFires: [String: Date] = [:]
        for job in jobs {
            lastFires[job.name] = LastFireRecord.read(pipeline: job.name, projectRoot: root)
        }
        let now = Date()
        for job in jobs {
            let next = job.expression.nextFireTime(after: now, in: job.timeZone).map {
                ZonedTime($0, in: job.timeZone).readable
            }
            Self.log("\(job.name): \(job.expression.inWords) (\(job.timeZone.identifier)); next \(next ?? "never")")
        }
        let scheduler = Scheduler(
            jobs: jobs, time: SystemTimeSource(), lastFires: lastFires,
            launch: { job, _ in
                await ScheduledProcess.run(CrontabInstallation.command(running: job.name, projectRoot: root))
            },
            record: { LastFireRecord.write($1, pipeline: $0, projectRoot: root) },
            report: { Self.log(Self.describe($0)) })
        let task = Task { await scheduler.run() }
        let signals = InterruptHandler {
            Self.log("stopping: no new runs; waiting for the runs in progress to end")
            task.cancel()
        }
        defer { signals.restore() }
        Self.log("scheduler started (pid \(getpid())) for \(root)")
        await task.value
        Self.log("scheduler stopped")
    }

    private static func describe(_ event: SchedulerEvent) -> String {
        let utc = TimeZone(identifier: "UTC") ?? .gmt
        func time(_ date: Date) -> String { ZonedTime(date, in: utc).iso8601 }
        switch event {
        case .started(let job, let due, let catchingUp):
            return "started \(job) for \(time(due))\(catchingUp ? " (catching up a missed fire)" : "")"
        case .finished(let job, let due, let succeeded):
            return "\(job) for \(time(due)) \(succeeded ? "succeeded" : "did not succeed; see .sluice/logs/\(job).log")"
        case .skipped(let job, let due):
            return "skipped \(job) for \(time(due)): the previous run is still going (overlap: skip)"
        case .queued(let job, let due):
            return "queued \(job) for \(time(due)): it starts when the previous run ends (overlap: queue)"
        case .missed(let job, let latest):
            return "missed \(job) up to \(time(latest)) while not running (catch_up: none)"
        }
    }

    private static func log(_ line: String) {
        let stamp = ZonedTime(Date(), in: TimeZone(identifier: "UTC") ?? .gmt).iso8601
        FileHandle.standardOutput.write(Data("\(stamp) \(line)\n".utf8))
    }
}
