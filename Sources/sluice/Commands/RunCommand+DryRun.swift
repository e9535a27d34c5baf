import ArgumentParser
import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline

extension RunCommand {
    /// `--dry-run`: loads and checks the pipeline and its inputs as a run would, then prints the
    /// projected calls and cost. Nothing is called and no store is opened.
    func dryRunPlan() throws {
        try RunBudget.validate(maxUSD)
        let project = try projectOptions.locate()
        var loader = ProjectLoader(project: project)
        let plan = try loader.planOrExit(named: pipeline)
        let values = try inputValues(for: plan, scheduled: false, files: loader.files)
        let budget = RunBudget(plan: plan, override: maxUSD)
        let projection = RunProjection(
            plan: plan, inputs: values, costs: PriceTable.standard(overriding: loader.config.prices),
            budgetUSD: budget.maximumUSD)
        DryRunPrinter.print(projection, json: executionOptions.json)
    }

    /// The run's inputs: a scheduled run's, then `--inputs`, then each `-i`, checked against the
    /// pipeline's `inputs:`; a problem is printed and ends the command with exit 2.
    func inputValues(for plan: PipelinePlan, scheduled: Bool, files: ProjectFiles) throws -> JSONObject {
        do throws(DiagnosticError) {
            let scheduledInputs = scheduled ? ScheduledRun.assignments(for: plan.definition) : []
            let assignments = try scheduledInputs + InputsFile.assignments(from: inputsFile) + inputs
            return try PipelineInputs.resolve(
                assignments, for: plan.definition, workingDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: files)
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
