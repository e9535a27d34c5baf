import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron
import SluicePipeline

/// What install and uninstall share: the crontab to edit, the project's block, and this binary's path.
enum CrontabInstallation {
    /// The crontab of `user` (the current user's when `nil`).
    static func program(user: String?) -> CrontabProgram {
        CrontabProgram(executable: "crontab", user: user)
    }

    /// The absolute path of the running `sluice` binary, which cron will start.
    static var executablePath: String {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return target
        }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
    }

    /// The block for `pipelines` of the project at `root`; exit 2 after printing what stops it.
    static func block(
        for pipelines: [ScheduledPipeline], projectRoot root: String, files: ProjectFiles
    ) throws
        -> CrontabBlock
    {
        var problems: [Diagnostic] = []
        for pipeline in pipelines where !pipeline.isRunnable {
            problems += pipeline.diagnostics.filter { $0.severity == .error }
        }
        let machineZone = TimeZone.current
        for pipeline in pipelines {
            guard let schedule = pipeline.schedule, let name = schedule.timeZoneName else { continue }
            if !sameClock(schedule.timeZone, machineZone) {
                problems.append(
                    .error(
                        .zoneNeedsDaemon,
                        "pipeline '\(pipeline.name)' runs on \(name) time, but cron reads every schedule on this machine's clock (\(machineZone.identifier))",
                        at: schedule.timeZoneLocation ?? schedule.location,
                        hint:
                            "run it with 'sluice schedule daemon', which honours 'timezone', or remove 'timezone' to use \(machineZone.identifier)"
                    ))
            }
        }
        let unsafe = [root, executablePath].first { $0.contains("\n") || $0.contains("\r") }
        if let unsafe {
            problems.append(
                .error(
                    .unsafeCrontabLine, "the path '\(unsafe)' has a line break, which a crontab line cannot hold",
                    at: nil, hint: "move the project or the sluice binary to a path without one"))
        }
        guard problems.isEmpty else {
            Terminal.printDiagnostics(problems, files: files)
            Terminal.printError("nothing was installed\n")
            throw ExitCode(2)
        }
        let jobs = pipelines.flatMap { pipeline -> [CrontabBlock.Job] in
            guard let schedule = pipeline.schedule else { return [] }
            let lock =
                schedule.overlap == .allow
                ? "no lock"
                : "lock \(PipelineLock.path(forPipeline: pipeline.name, projectRoot: root))"
            var jobs = [
                CrontabBlock.Job(
                    expression: schedule.expression, command: command(running: pipeline.name, projectRoot: root),
                    comment:
                        "\(pipeline.name): \(schedule.expression.inWords); overlap \(schedule.overlap.rawValue) (\(lock)); log \(BoundedLog.path(forPipeline: pipeline.name, projectRoot: root))"
                )
            ]
            if schedule.catchUp == .latest {
                jobs.append(
                    CrontabBlock.Job(
                        atBoot: command(running: pipeline.name, projectRoot: root, catchingUp: true),
                        comment:
                            "\(pipeline.name): catch_up latest: at boot, one run if a fire time passed while the machine was off"
                    ))
            }
            return jobs
        }
        return CrontabBlock(projectRoot: root, jobs: jobs)
    }

    /// The shell command that cron (and the daemon, through `/bin/sh -c`) runs for pipeline `name`:
    /// the project's `.env` loaded when it exists, then this binary's `run --scheduled`, by absolute paths.
    /// With `catchingUp`, the run starts only if a fire time passed with no run for it (`--catch-up`).
    static func command(running name: String, projectRoot root: String, catchingUp: Bool = false) -> String {
        let environment = shellQuoted(root + "/.env")
        return "[ ! -f \(environment) ] || { set -a; . \(environment); set +a; }; "
            + "exec \(shellQuoted(executablePath)) run --scheduled\(catchingUp ? " --catch-up" : "") "
            + "--project \(shellQuoted(root)) \(shellQuoted(name))"
    }

    /// Whether two zones give the same offset now and at every day's start for the next year and a half.
    static func sameClock(_ first: TimeZone, _ second: TimeZone) -> Bool {
        let now = Date()
        return stride(from: 0, to: 550, by: 1).allSatisfy { day in
            let instant = now.addingTimeInterval(TimeInterval(day * 86400))
            return first.secondsFromGMT(for: instant) == second.secondsFromGMT(for: instant)
        }
    }

    /// `text` in single quotes for `/bin/sh`.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Who the crontab belongs to, for messages.
    static func owner(_ user: String?) -> String {
        user.map { "\($0)'s crontab" } ?? "your crontab"
    }
}
