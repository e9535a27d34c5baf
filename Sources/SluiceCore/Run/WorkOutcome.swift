public import Foundation

/// How a step or fan-out item ended, as the executor reports it.
public struct WorkOutcome: Sendable, Hashable {
    /// The final status; `running` is not a final status and is refused.
    public var status: ExecutionStatus
    /// The output, when there is one.
    public var output: JSONValue?
    /// Why it failed or stopped, when it did.
    public var failure: RunFailure?
    /// Whether the output came from the cache.
    public var cacheHit: Bool
    /// When it finished.
    public var finishedAt: Date

    /// An outcome with the given fields; `finishedAt` defaults to now.
    public init(
        status: ExecutionStatus,
        output: JSONValue? = nil,
        failure: RunFailure? = nil,
        cacheHit: Bool = false,
        finishedAt: Date = Date()
    ) {
        self.status = status
        self.output = output
        self.failure = failure
        self.cacheHit = cacheHit
        self.finishedAt = finishedAt
    }
}
