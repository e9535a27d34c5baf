import Synchronization

/// The answer a unit's last successful model attempt gave, kept so the response cache can save
/// the accepted output after the whole chain (retries, fallbacks, repairs) has settled on it.
final class AcceptedAnswer: Sendable {
    /// Written by the attempt that succeeds, read once the unit is done.
    private let answer = Mutex<CachedResponse?>(nil)

    /// The kept answer, if an attempt succeeded.
    var value: CachedResponse? { answer.withLock { $0 } }

    /// Keeps `response`, replacing an earlier one (a repaired answer replaces the one repaired).
    func keep(_ response: CachedResponse) {
        answer.withLock { $0 = response }
    }
}
