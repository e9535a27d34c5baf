import Foundation
public import SluiceCore
public import SluiceStore

/// What changed between two recorded runs (`sluice diff RUN_A RUN_B`), step by step: the rendered
/// prompt and the output as line diffs, and the model, tokens, cost and latency with their deltas.
///
/// Steps are matched by name; steps only one run has are listed as such. Fan-out items are matched
/// by index. Latency, which changes on every run, never counts as a difference by itself.
public struct RunComparison: Sendable {
    /// What one run spent on one step.
    public struct Figures: Sendable, Hashable {
        /// The models that answered (`provider/model`), in the order first used; empty when none was called.
        public var models: [String]
        /// Input tokens over the step's provider calls (cache hits excluded, as in the run's totals).
        public var inputTokens: Int
        /// Output tokens over the step's provider calls (cache hits excluded).
        public var outputTokens: Int
        /// Cost in US dollars over the step's provider calls (cache hits excluded).
        public var costUSD: Double
        /// The step's wall time, when it finished.
        public var latency: Duration?
        /// How many of the step's attempts were answered from the cache.
        public var cacheHits: Int
    }

    /// One text compared between the runs (a prompt or an output).
    public struct TextChange: Sendable {
        /// The text in run A, `nil` when A has none (no attempt, no output).
        public var old: String?
        /// The text in run B.
        public var new: String?
        /// The line diff from A to B.
        public var diff: LineDiff

        init(old: String?, new: String?) {
            self.old = old
            self.new = new
            diff = LineDiff(old: old ?? "", new: new ?? "")
        }

        /// Whether the text differs (including being present in one run only).
        public var hasChanges: Bool { diff.hasChanges || (old == nil) != (new == nil) }
    }

    /// One fan-out item present in both runs whose prompt or output differs.
    public struct ItemChange: Sendable {
        /// The item's index.
        public var index: Int
        /// The item's prompt (its first attempt's).
        public var prompt: TextChange
        /// The item's output.
        public var output: TextChange
    }

    /// A step both runs have.
    public struct StepChange: Sendable {
        /// The step's name.
        public var name: String
        /// The step's status in A and in B.
        public var status: (old: ExecutionStatus, new: ExecutionStatus)
        /// The prompt of the step's first attempt (for a fan-out step, the items carry theirs).
        public var prompt: TextChange
        /// The step's output.
        public var output: TextChange
        /// Spending in A and in B.
        public var figures: (old: Figures, new: Figures)
        /// The fan-out size in A and in B (`nil` for a single call).
        public var itemCount: (old: Int?, new: Int?)
        /// Items present in both runs whose prompt or output differs, by index.
        public var changedItems: [ItemChange]
        /// How many items both runs have.
        public var comparedItems: Int

        /// Whether anything a reviewer cares about changed: status, prompt, output, models, items.
        public var hasChanges: Bool {
            status.old != status.new || prompt.hasChanges || output.hasChanges
                || figures.old.models != figures.new.models || itemCount.old != itemCount.new || !changedItems.isEmpty
        }
    }

    /// Run A, the baseline.
    public var old: RunRecord
    /// Run B, compared against A.
    public var new: RunRecord
    /// The steps both runs have, in B's order.
    public var steps: [StepChange]
    /// Steps only run A has.
    public var onlyInOld: [String]
    /// Steps only run B has.
    public var onlyInNew: [String]

    /// Compares `old` (run A) with `new` (run B).
    public init(old: RunTranscript, new: RunTranscript) {
        self.old = old.run
        self.new = new.run
        let oldSteps = Dictionary(old.steps.map { ($0.step.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.steps.map(\.step.name))
        onlyInOld = old.steps.map(\.step.name).filter { !newNames.contains($0) }
        onlyInNew = new.steps.map(\.step.name).filter { oldSteps[$0] == nil }
        steps = new.steps.compactMap { newStep in
            oldSteps[newStep.step.name].map { Self.compare($0, newStep) }
        }
    }

    /// Whether the runs differ in anything but timing.
    public var hasChanges: Bool {
        !onlyInOld.isEmpty || !onlyInNew.isEmpty || steps.contains(where: \.hasChanges)
    }

    // MARK: - Comparing

    private static func compare(_ old: StepTranscript, _ new: StepTranscript) -> StepChange {
        let oldItems = Dictionary(old.items.map { ($0.item.index, $0) }, uniquingKeysWith: { first, _ in first })
        var changedItems: [ItemChange] = []
        var compared = 0
        for newItem in new.items {
            guard let oldItem = oldItems[newItem.item.index] else { continue }
            compared += 1
            let change = ItemChange(
                index: newItem.item.index,
                prompt: TextChange(
                    old: RecordedPrompt.text(ofFirst: oldItem.attempts),
                    new: RecordedPrompt.text(ofFirst: newItem.attempts)),
                output: TextChange(old: outputText(oldItem.item.output), new: outputText(newItem.item.output)))
            if change.prompt.hasChanges || change.output.hasChanges { changedItems.append(change) }
        }
        return StepChange(
            name: new.step.name,
            status: (old.step.status, new.step.status),
            prompt: TextChange(
                old: RecordedPrompt.text(ofFirst: old.attempts), new: RecordedPrompt.text(ofFirst: new.attempts)),
            output: TextChange(old: outputText(old.step.output), new: outputText(new.step.output)),
            figures: (figures(of: old), figures(of: new)),
            itemCount: (old.step.itemCount, new.step.itemCount),
            changedItems: changedItems,
            comparedItems: compared)
    }

    private static func outputText(_ output: JSONValue?) -> String? {
        guard let output, !output.isNull else { return nil }
        return RunTranscriptRenderer.text(of: output)
    }

    private static func figures(of entry: StepTranscript) -> Figures {
        let attempts = entry.attempts + entry.items.flatMap(\.attempts)
        var models: [String] = []
        var figures = Figures(models: [], inputTokens: 0, outputTokens: 0, costUSD: 0, latency: nil, cacheHits: 0)
        for attempt in attempts {
            guard let outcome = attempt.outcome else { continue }
            if outcome.status == .succeeded {
                let model = "\(attempt.start.provider)/\(attempt.start.model)"
                if !models.contains(model) { models.append(model) }
            }
            if outcome.fromCache {
                figures.cacheHits += 1
                continue
            }
            figures.inputTokens += outcome.inputTokens ?? 0
            figures.outputTokens += outcome.outputTokens ?? 0
            figures.costUSD += outcome.costUSD ?? 0
        }
        figures.models = models
        if let finished = entry.step.finishedAt {
            figures.latency = .fromMilliseconds(max(0, finished.timeIntervalSince(entry.step.startedAt) * 1000))
        }
        return figures
    }
}
