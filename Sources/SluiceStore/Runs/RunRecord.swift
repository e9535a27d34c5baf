public import Foundation
public import SluiceCore

/// One run of a pipeline as the store holds it.
public struct RunRecord: Sendable, Hashable {
    /// The run's id.
    public var id: RunID
    /// The pipeline's name (its file name without `.yaml`).
    public var pipeline: String
    /// The input values the run was started with.
    public var inputs: JSONValue
    /// The run's status; a `running` run may be dead, see ``liveness``.
    public var status: ExecutionStatus
    /// When the run was created.
    public var startedAt: Date
    /// When the run finished; `nil` while running or when its process died.
    public var finishedAt: Date?
    /// Input tokens over every attempt that called a provider (cache hits excluded).
    public var inputTokens: Int
    /// Output tokens over every attempt that called a provider (cache hits excluded).
    public var outputTokens: Int
    /// Money spent, in US dollars, over every attempt that called a provider (cache hits excluded).
    public var costUSD: Double
    /// The version of Sluice that made the run.
    public var sluiceVersion: String
    /// The run's outputs as evaluated from the pipeline's `outputs:`, once it has finished.
    public var outputs: JSONValue?
    /// Why the run failed or stopped, when it did.
    public var failure: RunFailure?
    /// The process that created the run.
    public var owner: RunOwner

    /// Whether a process is still working on a `running` run; `nil` once the run has finished.
    public var liveness: RunLiveness? {
        status == .running ? owner.liveness : nil
    }

    /// The status a person should see: `interrupted` for a `running` run whose process is gone.
    public var effectiveStatus: ExecutionStatus {
        status == .running && liveness == .dead ? .interrupted : status
    }
}
