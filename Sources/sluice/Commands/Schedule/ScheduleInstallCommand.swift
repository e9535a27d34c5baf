import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron
import SluicePipeline

/// `sluice schedule install`: writes the project's scheduled pipelines into the user's crontab.
struct ScheduleInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write the project's schedules into your crontab, in a block of their own.",
        discussion: """
            The block is replaced on every install and every line outside it is kept as it was. Each job \
            runs 'sluice run --scheduled NAME' with absolute paths, after loading the project's .env file \
            when there is one; the run takes the overlap lock and writes .sluice/logs/NAME.log.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Print the block instead of installing it.")
    var dryRun = false

    @Option(name: .long, help: "Edit USER's crontab instead of yours (crontab -u; needs root).")
    var user: String?

    func run() throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let root = loader.project.root
        let pipelines = loader.scheduledPipelines()
        let block = try CrontabInstallation.block(for: pipelines, projectRoot: root, files: loader.files)
        if dryRun {
            print(block.text, terminator: "")
            return
        }
        let crontab = CrontabInstallation.program(user: user)
        do throws(DiagnosticError) {
            let current = try crontab.read()
            let updated =
                block.jobs.isEmpty
                ? try CrontabBlock.removing(projectRoot: root, from: current).crontab
                : try block.installed(into: current)
            let owner = CrontabInstallation.owner(user)
            guard updated != current else {
                print("\(owner) is already up to date for \(root)")
                return
            }
            try crontab.write(updated)
            if block.jobs.isEmpty {
                print("no pipeline in \(root) has a schedule; removed its block from \(owner)")
            } else {
                let count = block.jobs.count
                print("installed \(count) cron line\(count == 1 ? "" : "s") for \(root) in \(owner)")
            }
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: nil)
            throw ExitCode(1)
        }
    }
}
