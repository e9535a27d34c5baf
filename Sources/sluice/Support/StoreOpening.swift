import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceStore

/// The project's run store (`.sluice/sluice.db` unless sluice.yaml says otherwise), or exit 1 with its error.
///
/// The value of every configured provider's key variable found in the environment is handed to
/// the store as a known secret, so it is scrubbed from everything written, named or not.
func openStore(project: Project, config: ProjectConfig) throws -> SluiceStore {
    let path = config.storePath.hasPrefix("/") ? config.storePath : project.root + "/" + config.storePath
    let environment = ProcessInfo.processInfo.environment
    let keys = config.providers.values.compactMap { $0.apiKeyEnvironmentVariable }.compactMap { environment[$0] }
    do {
        return try SluiceStore(at: URL(fileURLWithPath: path), knownSecrets: keys.filter { !$0.isEmpty })
    } catch {
        Terminal.printDiagnostics([error.diagnostic], files: nil)
        throw ExitCode(ExitStatus.failure)
    }
}
