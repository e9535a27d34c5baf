/// What the scheduler does about fire times it missed (it was stopped, or the machine was off).
public enum CatchUpPolicy: String, Sendable, Hashable, CaseIterable {
    /// Missed fire times are dropped; the next run is at the next fire time (the default, as cron).
    case none
    /// One run starts at once for the latest missed fire time, however many were missed.
    case latest
}
