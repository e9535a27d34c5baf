import ArgumentParser
import SluiceCore
import SluiceStore

extension SluiceStore {
    /// The transcript of the run `text` names (an id or a unique prefix), or of the latest run
    /// when `text` is `nil`; or exit 2 after printing why (no such run, an ambiguous prefix, no
    /// runs at all).
    func transcriptOrExit(_ text: String?) async throws -> RunTranscript {
        do {
            guard let text else {
                guard let latest = try await runs(limit: 1).first else {
                    Terminal.printError("error: no runs yet; start one with 'sluice run NAME'\n")
                    throw ExitCode(ExitStatus.invalidInput)
                }
                return try await transcript(latest.id)
            }
            return try await transcript(resolveRunID(text))
        } catch let error as StoreError {
            Terminal.printDiagnostics([error.diagnostic], files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
