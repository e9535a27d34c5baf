import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// Schema steps against `sluice-mock-provider` through the built `sluice`: an unusable answer is
/// sent back with its errors (a repair), then the chain falls back, then the step fails showing why.
@Suite(.timeLimit(.minutes(5)))
struct RepairLoopTests {
    static func pipeline(model: String, prompt: String, repairs: Int? = nil) -> String {
        """
        steps:
          facts:
            model: \(model)
            prompt: \(prompt)
        \(repairs.map { "    repairs: \($0)" } ?? "")
            output:
              schema:
                type: object
                properties:
                  fact: { type: string }
                  source: { type: string }
                required: [fact]
                additionalProperties: false
          echo:
            template: "fact: {{ steps.facts.output.fact }}"
        outputs:
          facts: steps.facts.output
          echo: steps.echo.output
        """
    }

    @Test("an invalid first answer is repaired: the second answer is valid, and both attempts are recorded with cost")
    func invalidJSONIsRepaired() async throws {
        let project = try await LoopbackProject.start(
            pipelines: [
                "facts": Self.pipeline(model: "openai/gpt-4.1-mini", prompt: "Give one fact. [mock:fault=invalid-json]")
            ])
        let run = try await project.sluice(["run", "facts", "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let outputs = try #require(try JSONValue(parsing: run.standardOutput)["outputs"])
        let fact = try #require(outputs["facts"]?["fact"]?.stringValue)
        // OpenAI strict mode made `source` required-but-nullable; a null it added is gone.
        #expect(outputs["facts"]?["source"] != .null)
        // The downstream step received the parsed value, not the text.
        #expect(outputs["echo"] == .string("fact: \(fact)"))

        let requests = try project.requests()
        #expect(requests.count == 2)
        let repairMessages = try #require(requests.last?["body"]?["messages"]?.arrayValue)
        #expect(repairMessages.count == 3)
        #expect(repairMessages[1]["role"] == "assistant")
        #expect(repairMessages[1]["content"] == #"{"answer": "unterminated"#)
        #expect(repairMessages[2]["content"]?.stringValue?.contains("not valid JSON") == true)

        let shown = try await project.shownRun(from: run.standardOutput)
        let step = try #require(shown["steps"]?.arrayValue?.first { $0["name"] == "facts" })
        let attempts = try #require(step["attempts"]?.arrayValue)
        #expect(attempts.map { $0["status"] } == ["failed", "succeeded"])
        #expect(attempts.map { $0["repair"] } == [.null, 1])
        #expect(
            attempts.first?["error"]?["code"] == "no-json-in-output"
                || attempts.first?["error"]?["code"] == "output-not-json")
        let costs = attempts.compactMap { $0["cost_usd"]?.doubleValue }
        #expect(costs.count == 2 && costs.allSatisfy { $0 > 0 })
        // The run's cost is the sum of both attempts: the repair was paid for.
        let total = try #require(shown["cost_usd"]?.doubleValue)
        #expect(abs(total - costs.reduce(0, +)) < 1e-12)
        #expect(step["cost_usd"]?.doubleValue == total)

        let text = try await project.sluice([
            "show", try #require(try JSONValue(parsing: run.standardOutput)["run"]?.stringValue), "facts",
        ])
        #expect(text.standardOutput.contains("[repair 1]"))
    }

    @Test("when repairs are used up the next model in the chain answers")
    func repairsExhaustedFallBack() async throws {
        let project = try await LoopbackProject.start(
            pipelines: [
                "facts": Self.pipeline(
                    model: "[openai/gpt-4.1-mini, anthropic/claude-haiku-4-5]", prompt: "Give one fact.", repairs: 1)
            ],
            mockArguments: ["--model-fault", "gpt-4.1-mini=invalid-json"])
        let run = try await project.sluice(["run", "facts", "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try JSONValue(parsing: run.standardOutput)["outputs"]?["facts"]?["fact"]?.stringValue != nil)
        let models = try project.requests().map { $0["model"]?.stringValue ?? "" }
        #expect(models == ["gpt-4.1-mini", "gpt-4.1-mini", "claude-haiku-4-5"])
        let shown = try await project.shownRun(from: run.standardOutput)
        let attempts = try #require(shown["steps"]?[0]?["attempts"]?.arrayValue)
        #expect(attempts.map { $0["repair"] } == [.null, 1, .null])
        #expect(shown["notes"]?.arrayValue?.contains { $0["kind"] == "fell-back" } == true)
    }

    @Test("when every model's repairs are used up the step fails with the output and the errors")
    func everythingExhaustedFails() async throws {
        let project = try await LoopbackProject.start(
            pipelines: [
                "facts": Self.pipeline(
                    model: "[openai/gpt-4.1-mini, anthropic/claude-haiku-4-5]", prompt: "Give one fact.", repairs: 2)
            ],
            mockArguments: [
                "--model-fault", "gpt-4.1-mini=invalid-json", "--model-fault", "claude-haiku-4-5=invalid-json",
            ])
        let run = try await project.sluice(["run", "facts"])
        #expect(run.status == 1)
        #expect(try project.requests().count == 6)
        #expect(run.standardError.contains("[repairs-exhausted]"))
        #expect(run.standardError.contains("after 2 repairs each"))
        #expect(run.standardError.contains(#"{"answer": "unterminated"#))
        #expect(run.standardError.contains("claude-haiku-4-5"))
        let runs = try await project.sluice(["runs", "--json"])
        let id = try #require(try JSONValue(parsing: runs.standardOutput).arrayValue?.first?["id"]?.stringValue)
        let shown = try await project.sluice(["show", id, "--json"])
        let step = try JSONValue(parsing: shown.standardOutput)["steps"]?[0]
        #expect(step?["error"]?["code"] == "repairs-exhausted")
        #expect(step?["attempts"]?.arrayValue?.count == 6)
    }
}
