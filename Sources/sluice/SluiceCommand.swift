import ArgumentParser
import Foundation
import SluiceCore

/// The `sluice` command: runs LLM prompt pipelines kept as files.
@main
struct SluiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Run LLM prompt pipelines kept as files.",
        version: SluiceVersion.current,
        subcommands: [
            ValidateCommand.self,
            ListCommand.self,
            GraphCommand.self,
            InitCommand.self,
            PromptCommand.self,
            RenderCommand.self,
            SchemaCommand.self,
            RunCommand.self,
            TestCommand.self,
            RunsCommand.self,
            ShowCommand.self,
            ResumeCommand.self,
            CacheCommand.self,
            ReportCommand.self,
            DiffCommand.self,
            ScheduleCommand.self,
            ProvidersCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with 2 (not ArgumentParser's 64), as docs/running.md documents.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
