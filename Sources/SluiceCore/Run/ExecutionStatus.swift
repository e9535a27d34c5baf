/// The state of a run, step, fan-out item or attempt: what the engine reports and the store records.
///
/// A string-backed value rather than a closed enum, so that a store written by a newer Sluice
/// with a status this build does not know still reads: the unknown status is kept verbatim.
public struct ExecutionStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The status as stored, e.g. `succeeded`.
    public var rawValue: String

    /// A status with the given stored spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Started and not yet finished (or its process died: the store tells which).
    public static let running = ExecutionStatus(rawValue: "running")
    /// Finished without error.
    public static let succeeded = ExecutionStatus(rawValue: "succeeded")
    /// Finished with an error.
    public static let failed = ExecutionStatus(rawValue: "failed")
    /// Not run because its `when` condition was false (steps and items only).
    public static let skipped = ExecutionStatus(rawValue: "skipped")
    /// Stopped by Ctrl-C, SIGTERM, or found abandoned by a process that died.
    public static let interrupted = ExecutionStatus(rawValue: "interrupted")
    /// Not started or stopped because a run failed elsewhere (dependents of a failed step, `--fail-fast`).
    public static let cancelled = ExecutionStatus(rawValue: "cancelled")
    /// Stopped before a call that would have gone over the run's budget.
    public static let budgetStopped = ExecutionStatus(rawValue: "budget-stopped")

    /// Whether the status is final: anything but ``running``.
    public var isFinished: Bool { self != .running }

    /// The stored spelling.
    public var description: String { rawValue }
}
