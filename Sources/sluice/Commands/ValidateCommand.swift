import ArgumentParser
import SluiceCore
import SluicePipeline

/// `sluice validate [NAME...]`: checks pipelines and sluice.yaml without calling any model.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipelines and sluice.yaml; exit 0 when clean, 2 with errors.")

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Print the diagnostics as JSON on stdout.")
    var json = false

    @Argument(help: "Pipelines to check (default: all in pipelines/).")
    var names: [String] = []

    func run() throws {
        var loader = ProjectLoader(project: try projectOptions.locate())
        let report = loader.validate(names: names)
        if json {
            print(report.jsonValue.formatted(.pretty))
        } else if report.pipelines.isEmpty && report.diagnostics.isEmpty {
            print("no pipelines in \(loader.project.root)/\(Project.pipelinesFolder); sluice.yaml is valid")
        } else if report.diagnostics.isEmpty {
            let count = report.pipelines.count
            print("\(count) pipeline\(count == 1 ? "" : "s") valid: \(report.pipelines.joined(separator: ", "))")
        } else {
            Terminal.printDiagnostics(report.diagnostics, files: loader.files)
        }
        if report.hasErrors { throw ExitCode(ExitStatus.invalidInput) }
    }
}
