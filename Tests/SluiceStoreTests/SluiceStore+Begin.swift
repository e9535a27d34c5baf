import SluiceCore
import SluiceStore

extension SluiceStore {
    /// Records an attempt's start and returns its key, for tests that finish it later.
    func begin(_ start: AttemptStart) async throws -> AttemptKey {
        try await startAttempt(start)
        return start.key
    }
}
