import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline

/// The `--project DIR` option every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(
        name: .long, help: "The project folder (default: the nearest folder upwards holding sluice.yaml or pipelines/)."
    )
    var project: String?

    /// The project to use, or exit 2 with a diagnostic.
    func locate() throws -> Project {
        do throws(DiagnosticError) {
            return try Project.locate(
                explicitRoot: project, workingDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
