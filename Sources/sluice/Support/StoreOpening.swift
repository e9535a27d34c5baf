import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// The project's run store (`.sluice/sluice.db` unless sluice.yaml says otherwise), or exit 1 with its error.
func openStore(project: Project, config: ProjectConfig) throws -> SluiceStore {
    let path = config.storePath.hasPrefix("/") ? config.storePath : project.root + "/" + config.storePath
    do {
        return try SluiceStore(at: URL(fileURLWithPath: path))
    } catch {
        Terminal.printDiagnostics([error.diagnostic], files: nil)
        throw ExitCode(ExitStatus.failure)
    }
}
