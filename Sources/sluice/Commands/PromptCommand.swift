import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore

/// `sluice prompt PIPELINE STEP`: shows what a step would send, rendered from given inputs, or
/// from a recorded run's inputs and step outputs.
struct PromptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Show a step's rendered prompt for given inputs, or with a recorded run's inputs and outputs.")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(
        name: [.customShort("i"), .customLong("input")],
        help: "An input as name=value (JSON for typed inputs, @file to read a file).")
    var inputs: [String] = []

    @Option(name: .long, help: "For a fan-out step, which item to render (0-based).")
    var item: Int = 0

    @Option(
        name: .customLong("run"),
        help: "Render with the inputs and step outputs recorded by this run (an id or unique prefix).")
    var runID: String?

    @Argument(help: "The pipeline.")
    var pipeline: String

    @Argument(help: "The step.")
    var step: String

    func run() async throws {
        let project = try projectOptions.locate()
        var loader = ProjectLoader(project: project)
        let plan = try loader.planOrExit(named: pipeline)
        var values = JSONObject()
        var stepOutputs = JSONObject()
        if let runID {
            guard inputs.isEmpty else {
                Terminal.printError("error: --run renders with the run's own inputs; leave out -i\n")
                throw ExitCode(ExitStatus.invalidInput)
            }
            let store = try openStore(project: project, config: loader.config)
            do {
                let transcript = try await store.transcript(try await store.resolveRunID(runID))
                values = transcript.run.inputs.objectValue ?? [:]
                for entry in transcript.steps where entry.step.status == .succeeded || entry.step.status == .skipped {
                    stepOutputs[entry.step.name] = entry.step.output ?? .null
                }
            } catch {
                Terminal.printDiagnostics([error.diagnostic], files: nil)
                throw ExitCode(ExitStatus.invalidInput)
            }
        }
        do throws(DiagnosticError) {
            if runID == nil {
                values = try PipelineInputs.resolve(
                    inputs, for: plan.definition, workingDirectory: FileManager.default.currentDirectoryPath)
            }
            let parts = try PromptPreview.render(
                plan: plan, step: step, inputs: values, item: item, stepOutputs: stepOutputs)
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
