import SluicePipeline

extension ProjectLoader {
    /// `text` loaded as `pipelines/NAME.yaml` of a project that has no other files, as
    /// `sluice validate` would load that file.
    static func load(_ text: String, named name: String = "p") -> PipelineResult {
        var loader = ProjectLoader(project: Project(root: "/nonexistent-sluice-project"))
        return loader.loadPipeline(named: name, file: "pipelines/\(name).yaml", text: text)
    }
}
