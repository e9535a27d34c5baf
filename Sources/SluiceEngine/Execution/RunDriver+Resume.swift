import SluiceCore

extension RunDriver {
    /// The result a resumed run keeps for a fan-out item finished in an earlier attempt, or `nil`
    /// when it must run again: it did not succeed or skip, or the list now holds another value
    /// at its index.
    static func keptResult(_ finished: RunSnapshot.FinishedItem, for item: JSONValue) -> UnitResult? {
        guard finished.input == nil || finished.input == item else { return nil }
        switch finished.status {
        case .succeeded: return .output(finished.output)
        case .skipped: return .skipped
        default: return nil
        }
    }
}
