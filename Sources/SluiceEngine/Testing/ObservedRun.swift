import Foundation
public import SluiceCore

/// What a test case's run showed, gathered from its events: how it ended, its outputs, each
/// step's output, and what the run and each step cost and took.
///
/// Feed it every ``RunEvent`` of one run with ``observe(_:)``; assertions then read it.
public struct ObservedRun: Sendable {
    /// How the run ended; `nil` until `runFinished` arrives.
    public private(set) var result: RunResult?
    /// Each finished step's output (`null` for a skipped step), by step name.
    public private(set) var stepOutputs: [String: JSONValue] = [:]
    /// What every attempt of each step cost in US dollars (cache hits count what they first cost).
    public private(set) var stepCosts: [String: Double] = [:]
    private var runStart: Date?
    private var stepStarts: [String: Date] = [:]
    private var stepEnds: [String: Date] = [:]

    /// A record of a run that has not started.
    public init() {}

    /// Takes in one event of the run.
    public mutating func observe(_ event: RunEvent) {
        switch event {
        case .runStarted(_, _, _, let at):
            runStart = at
        case .stepStarted(let step, _, _, let at):
            stepStarts[step] = at
        case .attemptFinished(let key, let outcome):
            stepCosts[key.step, default: 0] += outcome.costUSD ?? 0
        case .stepFinished(let step, let outcome), .stepSkipped(let step, let outcome):
            stepOutputs[step] = outcome.output ?? .null
            stepEnds[step] = outcome.finishedAt
        case .stepFailed(let step, let outcome):
            stepEnds[step] = outcome.finishedAt
        case .runFinished(let finished):
            result = finished
        default:
            break
        }
    }

    /// What the whole run cost in US dollars.
    public var cost: Double { stepCosts.values.reduce(0, +) }

    /// How long the run took, from its start to its end on the run's clock.
    public var latency: Duration? {
        guard let runStart, let end = result?.finishedAt else { return nil }
        return .fromMilliseconds(max(0, end.timeIntervalSince(runStart) * 1000))
    }

    /// How long step `name` took, from its start to its end; `nil` when it never ran.
    public func latency(ofStep name: String) -> Duration? {
        guard let start = stepStarts[name], let end = stepEnds[name] else { return nil }
        return .fromMilliseconds(max(0, end.timeIntervalSince(start) * 1000))
    }
}
