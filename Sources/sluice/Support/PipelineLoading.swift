import ArgumentParser
import SluiceCore
import SluicePipeline

extension ProjectLoader {
    /// The plan of pipeline `name`, or exit 2 after printing its diagnostics (config problems included).
    mutating func planOrExit(named name: String) throws -> PipelinePlan {
        let result = loadPipeline(named: name)
        let diagnostics = configDiagnostics + result.diagnostics
        if let plan = result.plan, !diagnostics.contains(where: { $0.severity == .error }) {
            Terminal.printDiagnostics(diagnostics, files: files)
            return plan
        }
        Terminal.printDiagnostics(diagnostics, files: files)
        throw ExitCode(ExitStatus.invalidInput)
    }
}
