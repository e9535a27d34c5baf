import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceTestSupport
import Testing

/// `on_stream_error`: what a streaming step does when its shown answer breaks off.
@Suite(.timeLimit(.minutes(1)))
struct StreamErrorPolicyTests {
    private func providers(primary: ScriptedProvider, secondary: ScriptedProvider) -> ProviderRegistry {
        ProviderRegistry(["primary": primary, "secondary": secondary], settings: EngineHarness.config.providers)
    }

    private static let truncated = ProviderError(
        code: .streamTruncated, message: "the response ended before the provider said it was complete",
        provider: "primary")

    @Test("restart: the next attempt is announced just before its first text, and the output is its answer")
    func restartAnnouncesTheNewAttempt() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.brokenOff("Hello, wor", Self.truncated), .text("Hello, world.")]])
        let secondary = ScriptedProvider(name: "secondary")
        let run = try await EngineHarness.run(
            "streamrestart", providers: providers(primary: primary, secondary: secondary))
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(run.result.outputs?["answer"] == "Hello, world.")
        #expect(
            run.labels.filter { $0.hasPrefix("answer") } == [
                "answer started", "answer attempt 1 started", "answer delta", "answer attempt 1 finished",
                "answer retry after attempt 1", "answer attempt 2 started",
                "answer restarted on primary/first in attempt 2", "answer delta", "answer usage",
                "answer attempt 2 finished", "answer finished",
            ])
        let restart = run.events.compactMap { event -> RunFailure? in
            if case .streamRestarted(_, _, let after) = event { return after }
            return nil
        }
        #expect(restart.map(\.code) == ["provider-stream-truncated"])
    }

    @Test("restart after a fallback names the next model; an attempt failing before any text adds no marker")
    func restartAfterFallbackNamesTheNextModel() async throws {
        let early = ProviderError(code: .serverError, message: "overloaded", provider: "primary", httpStatus: 500)
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.brokenOff("Half an ans", Self.truncated), .error(early)]])
        let secondary = ScriptedProvider(name: "secondary", script: ["second": [.text("A whole answer.")]])
        let run = try await EngineHarness.run(
            "streamrestart", providers: providers(primary: primary, secondary: secondary))
        #expect(run.result.outputs?["answer"] == "A whole answer.")
        #expect(run.labels.filter { $0.contains("restarted") } == ["answer restarted on secondary/second in attempt 3"])
    }

    @Test("fail: the step fails with stream-interrupted after the first shown text, and nothing else is called")
    func failStopsTheStep() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.brokenOff("Hello, wor", Self.truncated), .text("Hello, world.")]])
        let secondary = ScriptedProvider(name: "secondary")
        let run = try await EngineHarness.run(
            "streamfail", providers: providers(primary: primary, secondary: secondary))
        #expect(run.result.status == .failed)
        let failure = try #require(run.outcome(of: "answer")?.failure)
        #expect(failure.code == .streamInterrupted)
        #expect(failure.message.contains("primary/first broke off after part of it was shown"))
        #expect(failure.message.contains("provider-stream-truncated"))
        #expect(failure.hint?.contains("on_stream_error: restart") == true)
        #expect(failure.location?.file == "pipelines/streamfail.yaml")
        #expect(primary.callCount(of: "first") == 1)
        #expect(secondary.requests.isEmpty)
    }

    @Test("fail: a failure before any text is retried as usual")
    func failLetsAnInvisibleRetryThrough() async throws {
        let early = ProviderError(code: .serverError, message: "boom", provider: "primary", httpStatus: 500)
        let primary = ScriptedProvider(name: "primary", script: ["first": [.error(early), .text("Hello.")]])
        let run = try await EngineHarness.run(
            "streamfail", providers: providers(primary: primary, secondary: ScriptedProvider(name: "secondary")))
        #expect(run.result.status == .succeeded)
        #expect(run.result.outputs?["answer"] == "Hello.")
        #expect(!run.labels.contains { $0.contains("restarted") })
    }

    @Test("with live text off nothing was shown: a broken answer is retried silently even under fail")
    func withoutLiveTextEveryRetryIsInvisible() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.brokenOff("Hello, wor", Self.truncated), .text("Hello, world.")]])
        let run = try await EngineHarness.run(
            "streamfail", providers: providers(primary: primary, secondary: ScriptedProvider(name: "secondary")),
            showsLiveText: false)
        #expect(run.result.status == .succeeded)
        #expect(run.result.outputs?["answer"] == "Hello, world.")
        #expect(!run.labels.contains { $0.contains("delta") || $0.contains("restarted") })
    }
}
