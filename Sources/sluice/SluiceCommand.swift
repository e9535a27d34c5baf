import ArgumentParser
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
        ]
    )
}
