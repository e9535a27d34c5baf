public import SluiceCore
public import SluiceTemplates

/// Loads a project's config and pipelines, reading each file once, and checks them.
///
/// This is what `validate`, `list`, `graph` and `run` start from. The files read are kept
/// (``files``) so diagnostics can show source lines without reading anything again.
public struct ProjectLoader {
    /// The project being loaded.
    public let project: Project
    /// The config, with the presets; `ProjectConfig.default` plus whatever of `sluice.yaml` was usable.
    public let config: ProjectConfig
    /// Problems in `sluice.yaml`.
    public let configDiagnostics: [Diagnostic]
    /// Every file read so far.
    public private(set) var files: ProjectFiles
    /// Resolves template includes under the project's `templates/`, shared by every pipeline loaded.
    public let templateEnvironment: TemplateEnvironment

    /// The result of loading one pipeline.
    public struct PipelineResult: Sendable {
        /// The pipeline's name.
        public var name: String
        /// The file as read, when its shape allowed it, even with errors.
        public var definition: PipelineDefinition?
        /// The checked plan; `nil` when there are errors.
        public var plan: PipelinePlan?
        /// Every problem in the pipeline, sorted by position.
        public var diagnostics: [Diagnostic]
    }

    /// Reads `sluice.yaml` (when present) of `project`.
    public init(project: Project) {
        self.project = project
        var files = ProjectFiles(root: project.root)
        let contents = files.contents(of: Project.configFile)
        if case .text(let text) = contents {
            (config, configDiagnostics) = ProjectConfigLoader.load(text: text, file: Project.configFile)
        } else {
            let start = SourceLocation(file: Project.configFile, line: 1, column: 1)
            config = .default
            configDiagnostics = contents.unreadable(Project.configFile, at: start).map { [$0] } ?? []
        }
        self.files = files
        self.templateEnvironment = TemplateEnvironment(
            rootDirectory: project.root + "/" + Project.templatesFolder, displayRoot: Project.templatesFolder)
    }

    /// Loads and checks the pipeline `name`; an unknown name gives an `unknown-pipeline` diagnostic.
    public mutating func loadPipeline(named name: String) -> PipelineResult {
        guard let file = project.pipelineFile(named: name) else {
            let known = project.pipelineNames()
            return PipelineResult(
                name: name, definition: nil, plan: nil,
                diagnostics: [
                    .error(
                        .unknownPipeline, "no pipeline named '\(name)' (looked for pipelines/\(name).yaml)", at: nil,
                        hint: NameSuggestion.hint(for: name, in: known)
                            ?? (known.isEmpty
                                ? "this project has no pipelines yet" : "pipelines: \(known.joined(separator: ", "))"))
                ])
        }
        let contents = files.contents(of: file)
        guard case .text(let text) = contents else {
            let problem =
                contents.unreadable(file, at: SourceLocation(file: file, line: 1, column: 1))
                ?? .error(.unknownPipeline, "cannot read \(file)", at: nil)
            return PipelineResult(name: name, definition: nil, plan: nil, diagnostics: [problem])
        }
        return loadPipeline(named: name, file: file, text: text)
    }

    /// Loads and checks pipeline `name` from `text`, as if read from `file` (relative to the root).
    public mutating func loadPipeline(named name: String, file: String, text: String) -> PipelineResult {
        var loader = PipelineLoader(config: config, files: files)
        let (definition, loadDiagnostics) = loader.load(name: name, file: file, text: text)
        files = loader.files
        var diagnostics = loadDiagnostics
        var plan: PipelinePlan?
        if let definition {
            let planned = PipelinePlanner.plan(definition, files: files, environment: templateEnvironment)
            diagnostics += planned.diagnostics
            if !diagnostics.contains(where: { $0.severity == .error }) { plan = planned.plan }
        }
        return PipelineResult(name: name, definition: definition, plan: plan, diagnostics: Self.sorted(diagnostics))
    }

    /// Diagnostics in reading order (file, line, column), keeping the order found for equal positions.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { left, right in
            switch (left.element.location, right.element.location) {
            case (let l?, let r?): return l == r ? left.offset < right.offset : l < r
            case (nil, .some): return true
            case (.some, nil): return false
            case (nil, nil): return left.offset < right.offset
            }
        }.map(\.element)
    }
}
