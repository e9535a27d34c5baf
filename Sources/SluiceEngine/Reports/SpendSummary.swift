import SluiceCore
public import SluiceStore

/// What some recorded attempts cost in this run: the sum of the known costs, and how many
/// attempts used tokens on a model with no price (whose cost is unknown, not $0).
///
/// Answers taken from the cache cost nothing in this run and are left out, as the run's own
/// totals leave them out.
public struct SpendSummary: Sendable, Hashable {
    /// The sum of the known costs, in US dollars.
    public var knownUSD: Double
    /// Attempts that used tokens on a model without a price.
    public var unpricedAttempts: Int

    /// The summary of `attempts`.
    public init(_ attempts: [AttemptRecord]) {
        knownUSD = 0
        unpricedAttempts = 0
        for attempt in attempts {
            guard let outcome = attempt.outcome, !outcome.fromCache else { continue }
            if let cost = outcome.costUSD {
                knownUSD += cost
            } else if outcome.inputTokens != nil || outcome.outputTokens != nil {
                unpricedAttempts += 1
            }
        }
    }

    /// The summary of a step's attempts and its items'.
    public init(_ step: StepTranscript) {
        self.init(step.attempts + step.items.flatMap(\.attempts))
    }

    /// The summary of every attempt of a run.
    public init(_ transcript: RunTranscript) {
        self.init(transcript.steps.flatMap { $0.attempts + $0.items.flatMap(\.attempts) })
    }

    /// `$0.0123`, `$0.0123 + unknown (2 attempts without a price)`, or `unknown (…)` when nothing was priced.
    public var text: String {
        guard unpricedAttempts > 0 else { return "$" + RunTranscriptRenderer.money(knownUSD) }
        let unknown = "unknown (\(unpricedAttempts) attempt\(unpricedAttempts == 1 ? "" : "s") without a price)"
        return knownUSD > 0 ? "$\(RunTranscriptRenderer.money(knownUSD)) + \(unknown)" : unknown
    }
}
