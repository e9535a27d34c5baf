import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceStore

/// The one redactor for a command on `project`: it scrubs the value of every configured
/// provider's key, from the environment or the project's `.env` (`ProviderKeys`), and of every
/// environment variable named like a secret (`…_KEY`, `…_TOKEN`, `…_SECRET`, `…_PASSWORD`).
/// Everything a run shows or keeps goes through it: progress on stderr, outputs on stdout, the
/// scheduled-run log and the store.
func projectRedactor(project: Project, config: ProjectConfig) -> SecretRedactor {
    let environment = ProcessInfo.processInfo.environment
    let keys = ProviderKeys(environment: environment, projectRoot: URL(fileURLWithPath: project.root))
    return SecretRedactor(loadedSecrets: keys.loadedSecrets(for: config.providers.values), environment: environment)
}

/// The project's run store (`.sluice/sluice.db` unless sluice.yaml says otherwise), or exit 1 with its error.
///
/// The store scrubs every secret `redactor` knows (``projectRedactor(project:config:)`` by
/// default) from everything written, named or not.
func openStore(project: Project, config: ProjectConfig, redactor: SecretRedactor? = nil) throws -> SluiceStore {
    let path = config.storePath.hasPrefix("/") ? config.storePath : project.root + "/" + config.storePath
    let secrets = (redactor ?? projectRedactor(project: project, config: config)).knownSecrets
    do {
        return try SluiceStore(at: URL(fileURLWithPath: path), knownSecrets: secrets)
    } catch {
        Terminal.printDiagnostics([error.diagnostic], files: nil)
        throw ExitCode(ExitStatus.failure)
    }
}

/// What a command that reads recorded runs back and prints them (`report`, `diff`) needs: the
/// project, its loader, its one redactor (for what the command prints) and the store opened with it.
struct RecordedRuns {
    var project: Project
    var loader: ProjectLoader
    var redactor: SecretRedactor
    var store: SluiceStore

    /// Locates the project `options` names and opens its store, or exits as those steps do.
    init(_ options: ProjectOptions) throws {
        project = try options.locate()
        loader = ProjectLoader(project: project)
        redactor = projectRedactor(project: project, config: loader.config)
        store = try openStore(project: project, config: loader.config, redactor: redactor)
    }
}
