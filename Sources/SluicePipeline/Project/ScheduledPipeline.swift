public import SluiceCore

/// A pipeline whose file has a `schedule:`, as `sluice schedule` sees it.
public struct ScheduledPipeline: Sendable {
    /// The pipeline's name.
    public var name: String
    /// The schedule, when it could be read.
    public var schedule: PipelineSchedule?
    /// Every problem in the pipeline (with the project's config problems); a pipeline with errors
    /// is not scheduled, since its runs would fail before they start.
    public var diagnostics: [Diagnostic]

    /// A scheduled pipeline with every field given.
    public init(name: String, schedule: PipelineSchedule?, diagnostics: [Diagnostic]) {
        self.name = name
        self.schedule = schedule
        self.diagnostics = diagnostics
    }

    /// Whether the pipeline can run on its schedule: it has one, and no errors.
    public var isRunnable: Bool {
        schedule != nil && !diagnostics.contains { $0.severity == .error }
    }
}

extension ProjectLoader {
    /// Every pipeline of the project that has a `schedule:` (valid or not), by name.
    public mutating func scheduledPipelines() -> [ScheduledPipeline] {
        project.pipelineNames().compactMap { name in
            let result = loadPipeline(named: name)
            let text = project.pipelineFile(named: name).flatMap { files.cachedText(of: $0) } ?? ""
            let hasSchedule =
                result.definition?.schedule != nil
                || text.split(separator: "\n").contains { $0.hasPrefix("schedule:") }
            guard hasSchedule else { return nil }
            return ScheduledPipeline(
                name: name, schedule: result.definition?.schedule, diagnostics: configDiagnostics + result.diagnostics)
        }
    }
}
