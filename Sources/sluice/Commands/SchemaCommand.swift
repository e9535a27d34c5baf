import ArgumentParser

/// `sluice schema`: commands that work with JSON Schemas.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Work with JSON Schemas.",
        subcommands: [SchemaCheckCommand.self]
    )
}
