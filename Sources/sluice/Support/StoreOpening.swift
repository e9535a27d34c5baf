import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceStore

/// The project's run store (`.sluice/sluice.db` unless sluice.yaml says otherwise), or exit 1 with its error.
///
/// The value of every configured provider's key, from the environment or the project's `.env`
/// (`ProviderKeys`), is handed to the store as a known secret, so it is scrubbed from everything
/// written, named or not.
func openStore(project: Project, config: ProjectConfig) throws -> SluiceStore {
    let path = config.storePath.hasPrefix("/") ? config.storePath : project.root + "/" + config.storePath
    let keys = ProviderKeys(
        environment: ProcessInfo.processInfo.environment, projectRoot: URL(fileURLWithPath: project.root)
    ).loadedSecrets(for: config.providers.values)
    do {
        return try SluiceStore(at: URL(fileURLWithPath: path), knownSecrets: keys)
    } catch {
        Terminal.printDiagnostics([error.diagnostic], files: nil)
        throw ExitCode(ExitStatus.failure)
    }
}
