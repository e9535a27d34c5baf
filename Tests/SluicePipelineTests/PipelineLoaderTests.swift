import Foundation
import SluiceCore
import SluicePipeline
import SluiceTestSupport
import Testing

@Suite struct PipelineLoaderTests {
    @Test func defaultsApplyAndStepsOverride() throws {
        let result = ProjectLoader.load(
            """
            defaults: { model: [local/default, openai/gpt-4.1-mini], temperature: 0, params: { a: 1, b: 2 } }
            steps:
              one: { prompt: hi, temperature: 0.7, params: { b: 3 } }
              two: { prompt: hi, model: local/slow }
            """)
        let plan = try #require(result.plan, "\(result.diagnostics.map(\.headline))")
        guard case .model(let one) = plan.steps[0].definition.settings,
            case .model(let two) = plan.steps[1].definition.settings
        else {
            Issue.record("expected model steps")
            return
        }
        #expect(one.models.map(\.description) == ["local/default", "openai/gpt-4.1-mini"])
        #expect(one.temperature == 0.7)
        #expect(one.parameters == ["a": 1, "b": 3])
        #expect(two.models.map(\.description) == ["local/slow"])
        #expect(two.temperature == 0)
        #expect(plan.levels == [["one", "two"]])
    }

    @Test func retrySettingsComeFromDefaultsAndStepsOverrideThem() throws {
        let result = ProjectLoader.load(
            """
            defaults: { model: local/default, retry: { attempts: 4, base: 100ms, cap: 2s } }
            steps:
              one: { prompt: hi }
              two: { prompt: hi, retry: { cap: 10s } }
              three: { prompt: hi, retries: 0 }
            """)
        let plan = try #require(result.plan, "\(result.diagnostics.map(\.headline))")
        let settings = plan.steps.compactMap { step -> ModelStepSettings? in
            if case .model(let settings) = step.definition.settings { return settings }
            return nil
        }
        #expect(settings.map(\.retries) == [3, 3, 0])
        #expect(settings.map(\.retryBase) == [.milliseconds(100), .milliseconds(100), .milliseconds(100)])
        #expect(settings.map(\.retryCap) == [.seconds(2), .seconds(10), .seconds(2)])
    }

    @Test func retryAttemptsAndRetriesTogetherAreAConflict() {
        let result = ProjectLoader.load(
            """
            steps:
              one: { model: local/default, prompt: hi, retries: 1, retry: { attempts: 3, bsae: 1s } }
            """)
        #expect(Set(result.diagnostics.map(\.code)) == [.unknownKey, .conflictingFields])
        let conflict = result.diagnostics.first { $0.code == .conflictingFields }
        #expect(conflict?.hint == "keep one: 'retries: 1' is 'retry: { attempts: 2 }'")
    }

    @Test func fanOutItemIsCalledItemByDefault() throws {
        let result = ProjectLoader.load(
            """
            inputs: { xs: { type: array, default: [1, 2] } }
            steps:
              each: { for_each: inputs.xs, model: local/default, prompt: "{{ item }}" }
            """)
        let plan = try #require(result.plan, "\(result.diagnostics.map(\.headline))")
        #expect(plan.steps[0].definition.itemVariable == "item")
        #expect(plan.steps[0].definition.concurrency == 8)
    }

    @Test func blockScalarTemplatesPointIntoTheYAMLFile() {
        let result = ProjectLoader.load(
            """
            steps:
              a:
                model: local/default
                prompt: |
                  first line
                  second {{ nope }}
            """)
        #expect(result.diagnostics.map(\.code) == [.unknownVariable])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "pipelines/p.yaml", line: 6, column: 17))
    }

    @Test func runStepsKeepArgumentsAndEnvironment() throws {
        let result = ProjectLoader.load(
            """
            inputs: { range: { type: string, default: HEAD~3 } }
            steps:
              log:
                run: [git, log, --oneline, "$RANGE"]
                env: { RANGE: inputs.range }
                output: json
            """)
        let plan = try #require(result.plan, "\(result.diagnostics.map(\.headline))")
        guard case .run(let settings) = plan.steps[0].definition.settings else {
            Issue.record("expected a run step")
            return
        }
        #expect(settings.command == .arguments(["git", "log", "--oneline", "$RANGE"]))
        #expect(plan.steps[0].environment.map(\.name) == ["RANGE"])
        #expect(plan.steps[0].definition.timeout == .seconds(300))
    }

    @Test func referencesAndNeedsBothMakeDependencies() throws {
        let result = ProjectLoader.load(
            """
            steps:
              a: { model: local/default, prompt: hi }
              b: { model: local/default, prompt: hi }
              c: { model: local/default, prompt: "{{ steps.a.output }}", needs: [b] }
              d: { template: "{{ steps.c.output }}" }
            """)
        let plan = try #require(result.plan)
        #expect(plan.levels == [["a", "b"], ["c"], ["d"]])
        #expect(plan.step(named: "c")?.dependencies == ["a", "b"])
    }

    @Test func inputsAreParsedByTheirSchemaType() throws {
        let result = ProjectLoader.load(
            """
            inputs:
              name: { type: string }
              count: { type: integer, default: 1 }
              tags: { type: array }
            steps:
              a: { model: local/default, prompt: hi }
            """)
        let definition = try #require(result.definition)
        let inputs = try PipelineInputs.resolve(["name=42", "tags=[\"x\"]"], for: definition, workingDirectory: "/")
        #expect(inputs == ["name": "42", "count": 1, "tags": ["x"]])
        let error = #expect(throws: DiagnosticError.self) {
            try PipelineInputs.resolve(["count=zero", "nmae=x"], for: definition, workingDirectory: "/")
        }
        #expect(Set(error?.diagnostics.map(\.code) ?? []) == [.unknownInputArgument, .missingInput, .invalidInput])
    }

    @Test func pathShapedTextIsAWarningNotAnError() throws {
        let result = ProjectLoader.load(
            """
            steps:
              a: { model: local/default, prompt: triage/classify }
              b: { model: local/default, prompt: notes.mdx }
              c: { model: local/default, prompt: Hello. }
            """)
        #expect(result.diagnostics.map(\.code) == [.textLooksLikePath, .textLooksLikePath])
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(result.plan != nil)
    }

    @Test func inputsCanBeReadFromFiles() throws {
        let result = ProjectLoader.load(
            """
            inputs: { notes: { type: string }, tickets: { type: array } }
            steps:
              a: { model: local/default, prompt: hi }
            """)
        let definition = try #require(result.definition)
        let directory = TestFixtures().url("inputs").path
        let inputs = try PipelineInputs.resolve(
            ["notes=@notes.txt", "tickets=@tickets.json"], for: definition, workingDirectory: directory)
        #expect(inputs["notes"] == "Ship on Friday.\n")
        #expect(inputs["tickets"] == [["id": "T-1"]])
        #expect(throws: DiagnosticError.self) {
            try PipelineInputs.resolve(
                ["notes=@missing.txt", "tickets=[]"], for: definition, workingDirectory: directory)
        }
    }
}
