/// What identifies an attempt: its run, step, fan-out item and number.
///
/// The executor knows all four without asking the store, so it can record an attempt's start and
/// end in the same batch.
public struct AttemptKey: Sendable, Hashable, CustomStringConvertible {
    /// The run.
    public var runID: RunID
    /// The step.
    public var step: String
    /// The fan-out item, for a `for_each` step; `nil` for the step's own attempts.
    public var itemIndex: Int?
    /// The attempt's number within its step or item, from 1.
    public var number: Int

    /// A key with the given parts.
    public init(runID: RunID, step: String, itemIndex: Int? = nil, number: Int) {
        self.runID = runID
        self.step = step
        self.itemIndex = itemIndex
        self.number = number
    }

    /// `RUN/STEP[ITEM]#NUMBER`, for messages.
    public var description: String {
        "\(runID)/\(step)\(itemIndex.map { "[\($0)]" } ?? "")#\(number)"
    }
}
