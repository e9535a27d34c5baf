import SluiceCore
import SluicePipeline
import SluiceSchema
import SluiceTestSupport
import Testing

/// A pipeline's `tests:` section read into cases: inputs, model overrides, assertion subjects,
/// paths and checks, as `sluice test` will use them.
@Suite struct PipelineTestsSectionTests {
    static let text = """
        inputs:
          topic: { type: string }
          count: { type: integer, default: 3 }
        steps:
          draft:
            model: local/default
            prompt: "Write about {{ inputs.topic }}"
        outputs:
          text: steps.draft.output
        tests:
          cats:
            description: About cats.
            inputs: { topic: cats }
            model: [local/echo, local/default]
            expect:
              - output: text
                contains: cats
              - step: draft
                path: /a~1b/0
                equals: { n: 1 }
              - output: text
                path: items.0.title
                regex: '^\\d+$'
              - cost_below: 0.25
              - step: draft
                latency_below: 2s
          smoke:
            inputs: { topic: dogs }
        """

    @Test func casesKeepTheirOrderInputsAndModels() throws {
        let result = ProjectLoader.load(Self.text, named: "topics")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.headline))")
        let tests = try #require(result.plan?.definition.tests)
        #expect(tests.map(\.name) == ["cats", "smoke"])
        #expect(tests[0].description == "About cats.")
        #expect(tests[0].inputs == ["topic": "cats"])
        #expect(tests[0].models?.map(\.description) == ["local/echo", "local/default"])
        #expect(tests[0].location == SourceLocation(file: "pipelines/topics.yaml", line: 11, column: 3))
        #expect(tests[1].models == nil)
        #expect(tests[1].assertions.isEmpty)
    }

    @Test func assertionsNameTheirSubjectPathAndCheck() throws {
        let assertions = try #require(
            ProjectLoader.load(Self.text, named: "topics").plan?.definition.tests.first?.assertions)
        #expect(assertions.map(\.subject) == [.output("text"), .step("draft"), .output("text"), .run, .step("draft")])
        #expect(assertions.map(\.checkName) == ["contains", "equals", "regex", "cost_below", "latency_below"])
        #expect(assertions[1].path?.tokens == ["a/b", "0"])
        #expect(assertions[2].path?.tokens == ["items", "0", "title"])
        #expect(assertions[1].subjectDescription == "step 'draft' at /a~1b/0")
        #expect(assertions[0].location == SourceLocation(file: "pipelines/topics.yaml", line: 16, column: 9))
        if case .equals(let value) = assertions[1].check {
            #expect(value == ["n": 1])
        } else {
            Issue.record("expected an equals check")
        }
        if case .regex(let pattern) = assertions[2].check {
            #expect(pattern.matches("123") && !pattern.matches("12a"))
        } else {
            Issue.record("expected a regex check")
        }
        if case .latencyBelow(let limit) = assertions[4].check { #expect(limit == .seconds(2)) }
    }

    @Test func aModelOverrideReplacesEveryModelStepsChain() throws {
        let result = ProjectLoader.load(Self.text, named: "topics")
        let plan = try #require(result.plan)
        let models = try #require(plan.definition.tests.first?.models)
        let overridden = plan.callingModels(models)
        guard case .model(let settings) = overridden.step(named: "draft")?.definition.settings else {
            Issue.record("draft is a model step")
            return
        }
        #expect(settings.models.map(\.description) == ["local/echo", "local/default"])
    }

    @Test func pathsLookInsideListsAndObjects() throws {
        let value: JSONValue = ["items": [["title": "first"]], "0": "zero", "a/b": true]
        #expect(try ValuePath(parsing: "items.0.title").value(in: value) == "first")
        #expect(try ValuePath(parsing: "/items/0/title").value(in: value) == "first")
        #expect(try ValuePath(parsing: "0").value(in: value) == "zero")
        #expect(try ValuePath(parsing: "/a~1b").value(in: value) == true)
        #expect(try ValuePath(parsing: "items.1").value(in: value) == nil)
        let reached = try ValuePath(parsing: "items.0.missing").deepestMatch(in: value)
        #expect(reached.path == "/items/0")
        #expect(reached.value == ["title": "first"])
        #expect(try ValuePath(parsing: "nothing.here").deepestMatch(in: value).path == "")
        #expect(throws: ValuePath.Problem.emptySegment) { try ValuePath(parsing: "a..b") }
        #expect(throws: ValuePath.Problem.badEscape) { try ValuePath(parsing: "/a~2") }
    }
}
