import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline

/// `sluice prompt PIPELINE STEP`: shows what a step would send, rendered from given inputs.
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Show a step's rendered prompt for given inputs (steps that use no other step's output).")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(
        name: [.customShort("i"), .customLong("input")],
        help: "An input as name=value (JSON for typed inputs, @file to read a file).")
    var inputs: [String] = []

    @Option(name: .long, help: "For a fan-out step, which item to render (0-based).")
    var item: Int = 0

    @Argument(help: "The pipeline.")
    var pipeline: String

    @Argument(help: "The step.")
    var step: String

    func run() throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let plan = try loader.planOrExit(named: pipeline)
        do throws(DiagnosticError) {
            let values = try PipelineInputs.resolve(
                inputs, for: plan.definition, workingDirectory: FileManager.default.currentDirectoryPath)
            let parts = try PromptPreview.render(plan: plan, step: step, inputs: values, item: item)
            for (index, part) in parts.enumerated() {
                if index > 0 { print("") }
                print("--- \(part.label) ---")
                print(part.text, terminator: part.text.hasSuffix("\n") ? "" : "\n")
            }
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: loader.files)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
