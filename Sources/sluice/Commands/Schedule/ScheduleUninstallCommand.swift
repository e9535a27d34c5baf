import ArgumentParser
import SluiceCore
import SluiceCron
import SluicePipeline

/// `sluice schedule uninstall`: removes the project's block from the user's crontab, and nothing else.
struct ScheduleUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Remove the project's block from your crontab; other lines stay.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Edit USER's crontab instead of yours (crontab -u; needs root).")
    var user: String?

    func run() throws {
        let root = try projectOptions.locate().root
        let crontab = CrontabInstallation.program(user: user)
        let owner = CrontabInstallation.owner(user)
        do throws(DiagnosticError) {
            let (updated, removed) = try CrontabBlock.removing(projectRoot: root, from: try crontab.read())
            guard removed else {
                print("\(owner) has no block for \(root)")
                return
            }
            try crontab.write(updated)
            print("removed the block for \(root) from \(owner)")
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: nil)
            throw ExitCode(1)
        }
    }
}
