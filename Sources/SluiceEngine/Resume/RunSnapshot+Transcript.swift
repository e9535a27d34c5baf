import SluiceCore
public import SluiceStore

extension RunSnapshot {
    /// The finished work of a recorded run: steps that succeeded or were skipped, items of the
    /// other steps that did, and the highest attempt number of every step and item.
    public init(recorded transcript: RunTranscript) {
        var finishedSteps: [String: FinishedStep] = [:]
        var finishedItems: [String: [Int: FinishedItem]] = [:]
        var attemptNumbers: [AttemptSlot: Int] = [:]
        for step in transcript.steps {
            let name = step.step.name
            for attempt in step.attempts + step.items.flatMap(\.attempts) {
                let slot = AttemptSlot(step: name, itemIndex: attempt.start.itemIndex)
                attemptNumbers[slot] = max(attemptNumbers[slot] ?? 0, attempt.start.number)
            }
            let status = step.step.status
            if status == .succeeded || status == .skipped {
                finishedSteps[name] = FinishedStep(status: status, output: step.step.output ?? .null)
                continue
            }
            for item in step.items.map(\.item) where item.status == .succeeded || item.status == .skipped {
                finishedItems[name, default: [:]][item.index] = FinishedItem(
                    status: item.status, input: item.input, output: item.output ?? .null)
            }
        }
        self.init(finishedSteps: finishedSteps, finishedItems: finishedItems, attemptNumbers: attemptNumbers)
    }
}
