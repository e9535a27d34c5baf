/// What a scheduled pipeline does when it is due while its previous run is still going.
public enum OverlapPolicy: String, Sendable, Hashable, CaseIterable {
    /// The new run does not start (the default): a slow run never piles up behind itself.
    case skip
    /// The new run waits for the previous one to finish, then starts.
    case queue
    /// The new run starts at once, alongside the previous one (what plain cron does).
    case allow
}
