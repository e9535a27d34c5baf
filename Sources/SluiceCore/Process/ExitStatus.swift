/// What a `sluice` process tells its caller when it ends; docs/running.md lists them.
///
/// Every command exits with one of these: scripts, CI and the scheduler daemon read the number,
/// so the numbers never change.
public struct ExitStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The process exit code.
    public var rawValue: Int32

    /// A status with the given code.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `0`: the command did what was asked (for `sluice run`: the run succeeded).
    public static let success = ExitStatus(rawValue: 0)
    /// `1`: the run failed, or the store or a file could not be used.
    public static let failure = ExitStatus(rawValue: 1)
    /// `2`: invalid input or usage: a broken pipeline, bad inputs, a bad option.
    public static let invalidInput = ExitStatus(rawValue: 2)
    /// `3`: the run was stopped by its budget before a call that would have gone over it.
    public static let budgetStopped = ExitStatus(rawValue: 3)
    /// `130`: interrupted by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
    public static let interrupted = ExitStatus(rawValue: 130)

    /// The status a run that ended as `runStatus` exits with: `0` succeeded, `3` stopped by its
    /// budget, `130` interrupted, `1` anything else.
    public init(runStatus: ExecutionStatus) {
        switch runStatus {
        case .succeeded: self = .success
        case .interrupted: self = .interrupted
        case .budgetStopped: self = .budgetStopped
        default: self = .failure
        }
    }

    /// The code as a number.
    public var description: String { "\(rawValue)" }
}
