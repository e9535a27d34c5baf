public import SluiceCore
internal import SluiceCron

/// One line of `sluice list`: a pipeline's name, description, schedule and step count.
public struct PipelineSummary: Sendable {
    /// The pipeline's name.
    public var name: String
    /// Its description, if any.
    public var description: String?
    /// Its cron schedule, if any.
    public var schedule: String?
    /// How many steps it has (as far as the file could be read).
    public var stepCount: Int
    /// How many errors `sluice validate` would report for it.
    public var errorCount: Int

    /// A summary with every field given.
    public init(name: String, description: String?, schedule: String?, stepCount: Int, errorCount: Int) {
        self.name = name
        self.description = description
        self.schedule = schedule
        self.stepCount = stepCount
        self.errorCount = errorCount
    }

    /// The summary as JSON for `sluice list --json`.
    public var jsonValue: JSONValue {
        .object([
            "name": .string(name),
            "description": description.map { .string($0) } ?? .null,
            "schedule": schedule.map { .string($0) } ?? .null,
            "steps": .integer(stepCount),
            "valid": .bool(errorCount == 0),
            "errors": .integer(errorCount),
        ])
    }
}

extension ProjectLoader {
    /// A summary of every pipeline in the project, by name.
    public mutating func summaries() -> [PipelineSummary] {
        project.pipelineNames().map { name in
            let result = loadPipeline(named: name)
            return PipelineSummary(
                name: name, description: result.definition?.description,
                schedule: result.definition?.schedule?.expression.text,
                stepCount: result.definition?.steps.count ?? 0,
                errorCount: result.diagnostics.count { $0.severity == .error })
        }
    }
}
