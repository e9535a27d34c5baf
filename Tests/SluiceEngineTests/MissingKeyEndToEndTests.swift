import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// A model whose provider has no API key is not called and makes no attempt: the built `sluice`
/// on a project whose keyed provider points at a loopback mock, which must receive nothing.
@Suite(.timeLimit(.minutes(2)))
struct MissingKeyEndToEndTests {
    static let fallback = """
        steps:
          answer:
            model: [needs-key-provider/m, local/default]
            prompt: Say hello.
        outputs:
          answer: steps.answer.output
        """

    static let alone = """
        steps:
          answer:
            model: needs-key-provider/m
            prompt: Say hello.
        """

    /// A project whose `needs-key-provider` (an OpenAI-compatible server at the mock) reads its
    /// key from `NEEDS_KEY_API_KEY`.
    static func project() async throws -> LoopbackProject {
        let project = try await LoopbackProject.start(pipelines: ["fallback": fallback, "alone": alone])
        try project.write(
            """
            providers:
              needs-key-provider: { kind: openai, base_url: \(project.mock.baseURL)/v1, api_key_env: NEEDS_KEY_API_KEY }
            """, to: "sluice.yaml")
        return project
    }

    @Test(arguments: [[:], ["NEEDS_KEY_API_KEY": ""]])
    func theChainMovesOnWithASkipNoteAndOneAttempt(environment: [String: String]) async throws {
        let project = try await Self.project()
        let run = try await project.sluice(["run", "fallback", "--json"], environment: environment)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("NEEDS_KEY_API_KEY is not set"), "the missing key is reported loudly")
        #expect(try project.requests().isEmpty, "nothing was sent to the provider without a key")
        let id = try #require(try JSONValue(parsing: run.standardOutput)["run"]?.stringValue)

        let shown = try await project.sluice(["show", id, "answer"], environment: environment)
        #expect(shown.status == 0, "\(shown.standardError)")
        #expect(
            shown.standardOutput.contains(
                "call-skipped: skipped needs-key-provider/m: no API key for provider 'needs-key-provider': "
                    + "NEEDS_KEY_API_KEY is not set; export it in the shell, or add 'NEEDS_KEY_API_KEY=…' to .env "
                    + "in the project root; moved on to local/default"), "\(shown.standardOutput)")
        #expect(shown.standardOutput.contains("attempt 1  local/default  succeeded"), "\(shown.standardOutput)")
        #expect(!shown.standardOutput.contains("attempt 2"), "\(shown.standardOutput)")

        let json = try JSONValue(
            parsing: try await project.sluice(["show", id, "answer", "--json"], environment: environment)
                .standardOutput)
        let step = try #require(json["steps"]?.arrayValue?.first)
        #expect(step["attempts"]?.arrayValue?.compactMap { $0["provider"]?.stringValue } == ["local"])
        let kinds = json["notes"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
        #expect(kinds.contains("call-skipped") && kinds.contains("account-disabled"), "\(kinds)")
    }

    @Test func withNoModelLeftTheStepFailsAtItsLocationNamingTheVariable() async throws {
        let project = try await Self.project()
        let run = try await project.sluice(["run", "alone", "--json"], environment: [:])
        #expect(run.status == 1)
        let error = try #require(try JSONValue(parsing: run.standardOutput)["error"])
        #expect(error["code"] == "provider-unavailable", "\(error)")
        #expect(error["file"] == "pipelines/alone.yaml")
        #expect(error["line"] == 2)
        #expect(error["message"]?.stringValue?.contains("NEEDS_KEY_API_KEY is not set") == true, "\(error)")
        #expect(error["hint"]?.stringValue?.contains("local/default") == true, "\(error)")
        #expect(try project.requests().isEmpty)

        let id = try #require(try JSONValue(parsing: run.standardOutput)["run"]?.stringValue)
        let json = try JSONValue(
            parsing: try await project.sluice(["show", id, "answer", "--json"], environment: [:]).standardOutput)
        #expect(json["steps"]?.arrayValue?.first?["attempts"]?.arrayValue?.isEmpty == true, "no attempt was made")
    }
}
