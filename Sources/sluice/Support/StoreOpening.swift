import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// The project's run store (`.sluice/sluice.db` unless sluice.yaml says otherwise), or exit 1 with its error.
///
/// `knownSecrets` (the provider keys a run loaded) are scrubbed from everything the store writes.
func openStore(project: Project, config: ProjectConfig, knownSecrets: [String] = []) throws -> SluiceStore {
    let path = config.storePath.hasPrefix("/") ? config.storePath : project.root + "/" + config.storePath
    do {
        return try SluiceStore(at: URL(fileURLWithPath: path), knownSecrets: knownSecrets)
    } catch {
        Terminal.printDiagnostics([error.diagnostic], files: nil)
        throw ExitCode(ExitStatus.failure)
    }
}
