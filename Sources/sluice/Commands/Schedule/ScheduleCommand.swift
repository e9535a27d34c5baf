import ArgumentParser

/// `sluice schedule`: pipelines that run on a cron schedule.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run pipelines on their cron schedules (see docs/scheduling.md).",
        subcommands: [
            ScheduleListCommand.self,
            ScheduleNextCommand.self,
            ScheduleInstallCommand.self,
            ScheduleUninstallCommand.self,
            ScheduleDaemonCommand.self,
        ]
    )
}
