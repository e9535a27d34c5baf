public import Foundation

/// One pipeline as the scheduler sees it: its name, when it fires, and its overlap and catch-up rules.
public struct ScheduledJob: Sendable, Hashable {
    /// The pipeline's name.
    public var name: String
    /// When it fires.
    public var expression: CronExpression
    /// The zone its expression is read in.
    public var timeZone: TimeZone
    /// What a fire does while the previous run is still going.
    public var overlap: OverlapPolicy
    /// What happens to fire times the scheduler missed.
    public var catchUp: CatchUpPolicy

    /// A job with every field given.
    public init(
        name: String, expression: CronExpression, timeZone: TimeZone, overlap: OverlapPolicy, catchUp: CatchUpPolicy
    ) {
        self.name = name
        self.expression = expression
        self.timeZone = timeZone
        self.overlap = overlap
        self.catchUp = catchUp
    }
}

/// Something the scheduler did, for its log.
public enum SchedulerEvent: Sendable, Hashable {
    /// A run of `job` started for the fire time `due` (`catchingUp` when `due` was missed earlier).
    case started(job: String, due: Date, catchingUp: Bool)
    /// The run of `job` for `due` ended; `succeeded` says how.
    case finished(job: String, due: Date, succeeded: Bool)
    /// `job` was due at `due` while its previous run was still going, and `overlap: skip` dropped the fire.
    case skipped(job: String, due: Date)
    /// `job` was due at `due` while its previous run was still going; `overlap: queue` will start it after.
    case queued(job: String, due: Date)
    /// Fire times of `job` up to `latest` passed while the scheduler was not running them, and `catch_up: none` dropped them.
    case missed(job: String, latest: Date)
}
