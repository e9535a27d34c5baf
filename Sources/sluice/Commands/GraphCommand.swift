public import ArgumentParser
public import SluicePipeline

extension PipelineGraphRenderer.Format: ExpressibleByArgument {}

/// `sluice graph NAME`: draws a pipeline's steps and dependencies.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Draw a pipeline's steps and dependencies (text, mermaid or dot).")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "Output format: text, mermaid or dot.")
    var format: PipelineGraphRenderer.Format = .text

    @Argument(help: "The pipeline to draw.")
    var name: String

    func run() throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let plan = try loader.planOrExit(named: name)
        print(PipelineGraphRenderer.render(plan, format: format), terminator: "")
    }
}
