import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceStore

/// `sluice diff RUN_A RUN_B`: what changed between two recorded runs, step by step.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two recorded runs step by step: prompts, outputs, model, tokens, cost and latency.",
        discussion: """
            Steps are matched by name and fan-out items by index. Exits 0 whether or not the runs \
            differ, unless --exit-code is given (then 1 when they differ, as git diff --exit-code). \
            Latency alone never counts as a difference. See docs/reviewing-runs.md.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Print the comparison as JSON.")
    var json = false

    @Flag(name: .long, help: "Exit 1 when the runs differ (prompts, outputs, models, statuses, steps or items).")
    var exitCode = false

    @Option(name: .long, help: "How many changed items of a fan-out step are shown in full.")
    var maxItems = 5

    @Argument(help: "The baseline run (an id or a unique prefix).")
    var runA: String

    @Argument(help: "The run to compare with it.")
    var runB: String

    func validate() throws {
        guard maxItems >= 0 else { throw ValidationError("--max-items must be 0 or more") }
    }

    func run() async throws {
        let runs = try RecordedRuns(projectOptions)
        let redactor = runs.redactor
        let old = try await runs.store.transcriptOrExit(runA)
        let new = try await runs.store.transcriptOrExit(runB)
        let comparison = RunComparison(old: old, new: new)
        if json {
            print(redactor.redact(comparison.jsonValue).formatted(.pretty))
        } else {
            let text = comparison.renderText(usesColor: Terminal.outputUsesColor, maximumItemDiffs: maxItems)
            print(
                redactor.redact(text: text),
                terminator: "")
        }
        if exitCode, comparison.hasChanges { throw ExitCode(ExitStatus.failure) }
    }
}
