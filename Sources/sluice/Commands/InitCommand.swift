import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline

/// `sluice init [DIR]`: writes a starter project, never overwriting anything.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a starter project (sluice.yaml, a pipeline, a template, a schema).")

    @Argument(help: "The folder to create the project in (default: the current folder).")
    var directory: String = "."

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let target = directory.hasPrefix("/") ? directory : cwd + "/" + directory
        do throws(DiagnosticError) {
            let written = try ProjectScaffold.write(into: target)
            for path in written { print("created \(directory == "." ? path : directory + "/" + path)") }
            print(
                "next: sluice validate\(directory == "." ? "" : " --project \(directory)"), then sluice run hello -i name=Ada"
            )
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
