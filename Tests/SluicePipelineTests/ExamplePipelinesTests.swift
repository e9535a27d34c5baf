import Foundation
import SluiceCore
import SluicePipeline
import SluiceTestSupport
import Testing

/// The example pipelines at the repository root: they validate cleanly and their graphs match goldens.
@Suite struct ExamplePipelinesTests {
    static let project = Project(root: TestFixtures().repositoryRoot.path)

    @Test func repositoryHoldsTheThreeExamples() {
        #expect(Set(["summarise", "triage", "release-notes"]).isSubset(of: Set(Self.project.pipelineNames())))
    }

    @Test func everyExampleValidatesWithoutDiagnostics() {
        var loader = ProjectLoader(project: Self.project)
        let report = loader.validate(names: [])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.headline))")
        #expect(!report.hasErrors)
    }

    @Test func examplesRunOnTheLocalProviderOnly() {
        var loader = ProjectLoader(project: Self.project)
        for name in Self.project.pipelineNames() {
            let plan = loader.loadPipeline(named: name).plan
            for step in plan?.steps ?? [] {
                if case .model(let settings) = step.definition.settings {
                    #expect(settings.models.allSatisfy { $0.provider == "local" }, "\(name).\(step.name)")
                }
            }
        }
    }

    @Test(arguments: PipelineGraphRenderer.Format.allCases)
    func triageGraphMatchesGolden(format: PipelineGraphRenderer.Format) throws {
        var loader = ProjectLoader(project: Self.project)
        let plan = try #require(loader.loadPipeline(named: "triage").plan)
        let rendered = PipelineGraphRenderer.render(plan, format: format)
        try TestFixtures().expectGolden(rendered, matches: "golden/graph-triage.\(format.rawValue).txt")
    }

    @Test func triagePlanInfersDependenciesAndLevels() throws {
        var loader = ProjectLoader(project: Self.project)
        let plan = try #require(loader.loadPipeline(named: "triage").plan)
        #expect(plan.levels == [["classify"], ["reply"], ["digest"]])
        #expect(plan.step(named: "reply")?.dependencies == ["classify"])
        #expect(plan.step(named: "digest")?.dependencies == ["classify", "reply"])
        #expect(plan.step(named: "classify")?.definition.itemVariable == "ticket")
        #expect(plan.step(named: "classify")?.definition.concurrency == 20)
        #expect(plan.outputs.map(\.name) == ["digest", "classifications"])
    }

    @Test func promptPreviewRendersAFanOutItemFromDefaults() throws {
        var loader = ProjectLoader(project: Self.project)
        let plan = try #require(loader.loadPipeline(named: "triage").plan)
        let inputs = try PipelineInputs.resolve([], for: plan.definition, workingDirectory: "/")
        let parts = try PromptPreview.render(plan: plan, step: "classify", inputs: inputs, item: 2)
        #expect(parts.map(\.label) == ["system", "user"])
        #expect(parts.last?.text.contains("We were charged twice") == true)
        #expect(throws: DiagnosticError.self) {
            try PromptPreview.render(plan: plan, step: "digest", inputs: inputs, item: 0)
        }
    }

    @Test func promptPreviewSaysWhenAnItemWouldBeSkipped() throws {
        var loader = ProjectLoader(project: Self.project)
        let plan = try #require(
            loader.loadPipeline(
                named: "hello", file: "pipelines/hello.yaml",
                text: """
                    inputs: { friends: { type: array, default: [Ada, Grace] } }
                    steps:
                      invite:
                        for_each: inputs.friends
                        as: friend
                        when: friend != "Ada"
                        model: local/default
                        prompt: "Invite {{ friend }}"
                    """
            ).plan)
        let inputs = try PipelineInputs.resolve([], for: plan.definition, workingDirectory: "/")
        let skipped = try PromptPreview.render(plan: plan, step: "invite", inputs: inputs, item: 0)
        #expect(skipped.map(\.label) == ["note", "user"])
        let kept = try PromptPreview.render(plan: plan, step: "invite", inputs: inputs, item: 1)
        #expect(kept.map(\.label) == ["user"])
        #expect(kept.first?.text == "Invite Grace")
    }
}
