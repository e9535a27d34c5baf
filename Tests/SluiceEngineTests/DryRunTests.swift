import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// `sluice run --dry-run`: the plan's calls and cost, with nothing called and nothing recorded.
@Suite(.timeLimit(.minutes(5)))
struct DryRunTests {
    static let pipeline = """
        inputs:
          topics: { type: array }
        budget: { max_usd: 5 }
        steps:
          each:
            for_each: inputs.topics
            as: topic
            model: [openai/gpt-4.1-mini, anthropic/claude-haiku-4-5]
            max_tokens: 100
            retries: 1
            repairs: 2
            prompt: "One fact about {{ topic }}."
            output:
              schema: { type: object, properties: { fact: { type: string } }, required: [fact] }
          skipped:
            for_each: inputs.topics
            as: topic
            when: topic == "never"
            model: openai/gpt-4.1-mini
            prompt: "{{ topic }}"
          summary:
            model: openai/gpt-4.1-mini
            prompt: "Summarise {{ steps.each.output }}"
          per_fact:
            for_each: steps.each.output
            as: fact
            model: openai/gpt-4.1-mini
            prompt: "Check {{ fact.fact }}"
          digest:
            template: "{{ steps.summary.output }}"
        outputs:
          digest: steps.digest.output
        """

    @Test("the projected fewest calls equal the calls the same run makes, and a dry run calls and records nothing")
    func projectionMatchesTheRun() async throws {
        let project = try await LoopbackProject.start(pipelines: ["facts": Self.pipeline])
        let inputs = ["-i", #"topics=["tides","moss","salt"]"#]
        let dry = try await project.sluice(["run", "facts", "--dry-run", "--json"] + inputs)
        #expect(dry.status == 0, "\(dry.standardError)")
        #expect(try project.requests().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent(".sluice/sluice.db").path))
        let projection = try JSONValue(parsing: dry.standardOutput)
        let steps = try #require(projection["steps"]?.arrayValue)
        func step(_ name: String) -> JSONValue? { steps.first { $0["name"]?.stringValue == name } }
        #expect(step("each")?["items"] == 3)
        #expect(step("each")?["min_calls"] == 3)
        // Per item: two models, each with 1 call + 1 retry + 2 repairs.
        #expect(step("each")?["max_calls"] == 24)
        #expect(step("skipped")?["min_calls"] == 0)
        #expect(step("skipped")?["max_calls"] == 0)
        #expect(step("summary")?["min_calls"] == 1)
        #expect(step("per_fact")?["items"] == "unknown until run")
        #expect(step("per_fact")?["min_calls"] == .null)
        #expect(projection["min_calls"] == .null)
        let minimum = try #require(step("each")?["min_cost_usd"]?.doubleValue)
        let maximum = try #require(step("each")?["max_cost_usd"]?.doubleValue)
        #expect(minimum > 0 && maximum > minimum)
        #expect(projection["budget_usd"] == 5)

        let run = try await project.sluice(["run", "facts", "--json"] + inputs)
        #expect(run.status == 0, "\(run.standardError)")
        let calls = try project.requests()
        func count(_ matching: (String) -> Bool) -> Int {
            calls.count(where: { matching($0["body"]?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? "") })
        }
        let known = ["each", "skipped", "summary"].compactMap { step($0)?["min_calls"]?.intValue }.reduce(0, +)
        #expect(count { $0.hasPrefix("One fact") || $0.hasPrefix("Summarise") } == known)
        #expect(count { $0.hasPrefix("Check") } == 3)
        // The run's own store holds exactly the calls the mock saw.
        let shown = try await project.shownRun(from: run.standardOutput)
        let attempts = shown["steps"]?.arrayValue?.flatMap { step in
            (step["attempts"]?.arrayValue ?? [])
                + (step["items"]?.arrayValue ?? []).flatMap { $0["attempts"]?.arrayValue ?? [] }
        }
        #expect(attempts?.count == calls.count)
    }

    @Test("the table says which lists are unknown until the run, and the budget against the most it could cost")
    func readableTable() async throws {
        let project = try await LoopbackProject.start(pipelines: ["facts": Self.pipeline])
        let dry = try await project.sluice(["run", "facts", "--dry-run", "--max-usd", "0.0001", "-i", #"topics=["a"]"#])
        #expect(dry.status == 0, "\(dry.standardError)")
        let text = dry.standardOutput
        #expect(text.contains("dry run of 'facts': no provider was called and no run was recorded"))
        #expect(text.contains("unknown until run"))
        #expect(text.contains("budget: $0.0001; the most the run could cost is unknown, so it may stop at its budget"))
        #expect(text.contains("per_fact: its list comes from an earlier step: unknown until run"))
        let badInput = try await project.sluice(["run", "facts", "--dry-run", "-i", "topics=3"])
        #expect(badInput.status == 2)
    }
}
