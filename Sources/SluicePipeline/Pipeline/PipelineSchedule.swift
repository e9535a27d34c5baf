public import Foundation
public import SluiceCore
public import SluiceCron

/// A pipeline's `schedule:`: when it runs unattended, with which inputs, and what happens when runs
/// overlap or fire times are missed.
public struct PipelineSchedule: Sendable {
    /// When it runs.
    public var expression: CronExpression
    /// The zone the expression is read in, as written; `nil` means the machine's zone (as cron does).
    public var timeZoneName: String?
    /// Inputs for scheduled runs (defaults fill the rest).
    public var inputs: JSONObject
    /// What a run due while the previous one is still going does.
    public var overlap: OverlapPolicy
    /// What happens to fire times the scheduler missed.
    public var catchUp: CatchUpPolicy
    /// Where `schedule:` is written.
    public var location: SourceLocation
    /// Where `timezone:` is written, when it is.
    public var timeZoneLocation: SourceLocation?

    /// A schedule with every field given.
    public init(
        expression: CronExpression, timeZoneName: String?, inputs: JSONObject, overlap: OverlapPolicy,
        catchUp: CatchUpPolicy, location: SourceLocation, timeZoneLocation: SourceLocation? = nil
    ) {
        self.expression = expression
        self.timeZoneName = timeZoneName
        self.inputs = inputs
        self.overlap = overlap
        self.catchUp = catchUp
        self.location = location
        self.timeZoneLocation = timeZoneLocation
    }

    /// The zone fire times are computed in: the one named, or the machine's.
    public var timeZone: TimeZone {
        timeZoneName.flatMap(TimeZone.init(identifier:)) ?? .current
    }
}
