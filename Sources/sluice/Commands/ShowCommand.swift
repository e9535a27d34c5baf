import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore

/// `sluice show RUN [STEP]`: a recorded run, or one step of it with every prompt, response and attempt.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a recorded run, or one step of it in full (prompts, responses, attempts, tokens, timings).")

    @OptionGroup var projectOptions: ProjectOptions

    @Option(name: .long, help: "For a fan-out step, only this item (0-based).")
    var item: Int?

    @Flag(name: .long, help: "Print the run as JSON.")
    var json = false

    @Argument(help: "The run id, or a unique prefix of it.")
    var run: String

    @Argument(help: "A step to show in full.")
    var step: String?

    func run() async throws {
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let store = try openStore(project: project, config: loader.config)
        let transcript = try await store.transcriptOrExit(run)
        if let step, !transcript.steps.contains(where: { $0.step.name == step }) {
            let names = transcript.steps.map(\.step.name)
            Terminal.printDiagnostics(
                [
                    .error(
                        .unknownStep, "run \(transcript.run.id) has no step '\(step)'", at: nil,
                        hint: NameSuggestion.hint(for: step, in: names)
                            ?? "its steps: \(names.joined(separator: ", "))")
                ], files: nil)
            throw ExitCode(ExitStatus.invalidInput)
        }
        if item != nil, step == nil {
            Terminal.printError("error: --item needs a STEP\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let renderer = RunTranscriptRenderer()
        if json {
            print(renderer.jsonValue(transcript, step: step, item: item).formatted(.pretty))
        } else {
            print(renderer.render(transcript, step: step, item: item), terminator: "")
        }
    }
}
