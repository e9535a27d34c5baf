import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTestSupport
import SluiceTraffic
import Testing

/// The executor on the traffic layer's circuit breaker (``TrafficCircuitBreaker`` over
/// ``AccountBreakers``) with scripted providers and the test clock: what a refused call leaves in
/// the events, the store and `sluice show`, and how every transition is recorded.
@Suite(.timeLimit(.minutes(1)))
struct TrafficCircuitBreakerTests {
    private let accounts = [
        "primary": ProviderAccount(provider: "primary", key: "primary-key"),
        "secondary": ProviderAccount(provider: "secondary", key: "secondary-key"),
    ]
    private let serverError = ProviderError(code: .serverError, message: "boom", provider: "primary")

    private func providers(primary: ScriptedProvider) -> ProviderRegistry {
        ProviderRegistry(
            ["primary": primary, "secondary": ScriptedProvider(name: "secondary")],
            settings: EngineHarness.config.providers)
    }

    /// Breakers on `clock` that open after one failure for 30 s.
    private func breakers(_ clock: ManualTimeSource) -> AccountBreakers {
        AccountBreakers(policy: BreakerPolicy(failureThreshold: 1, coolDown: .seconds(30)), clock: clock)
    }

    private func changes(in run: EngineHarness.Run) -> [String] {
        run.events.compactMap { event -> String? in
            if case .breakerChanged(_, "primary", let change) = event { return change }
            return nil
        }
    }

    private func skips(in run: EngineHarness.Run) -> [SkippedCall] {
        run.events.compactMap { event -> SkippedCall? in
            if case .callSkipped(let skipped) = event { return skipped }
            return nil
        }
    }

    @Test func aRefusedCallIsNotAnAttemptTheStepNotesTheSkipAndMovesOn() async throws {
        let clock = ManualTimeSource()
        let primary = ScriptedProvider(name: "primary", script: ["first": [.failure(.serverError, status: 500)]])
        let breakers = breakers(clock)
        let run = try await EngineHarness.run(
            "chain", providers: providers(primary: primary), clock: clock,
            configure: { $0.breaker = TrafficCircuitBreaker(breakers: breakers, accounts: accounts) })
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        // One real call on primary opened its breaker; its retry and the second step's call were
        // refused without a request and without an attempt, and each moved on to secondary.
        #expect(primary.callCount(of: "first") == 1)
        #expect(run.attemptStarts.map(\.provider) == ["primary", "secondary", "secondary"])
        #expect(run.attemptStarts.map(\.number) == [1, 2, 1])
        #expect(changes(in: run).count == 1)
        #expect(changes(in: run).first?.hasSuffix("closed → open: 1 failures in a row, the last server-error") == true)
        let skipped = skips(in: run)
        let reopens = clock.date.addingTimeInterval(30).formatted(.iso8601)
        #expect(skipped.map(\.step) == ["answer", "again"])
        #expect(skipped.map(\.afterAttempt) == [1, nil])
        #expect(
            skipped.first?.message
                == "skipped primary/first: circuit open until \(reopens); moved on to secondary/second")
        #expect(run.outcome(of: "again")?.output != nil)
    }

    @Test func withNoModelLeftTheStepFailsSayingTheCircuitIsOpen() async throws {
        let clock = ManualTimeSource()
        let breakers = breakers(clock)
        let account = try #require(accounts["primary"])
        breakers.recordFailure(account, error: serverError)
        let run = try await EngineHarness.run(
            "single", providers: providers(primary: ScriptedProvider(name: "primary")), clock: clock,
            configure: { $0.breaker = TrafficCircuitBreaker(breakers: breakers, accounts: accounts) })
        #expect(run.result.status == .failed)
        #expect(run.attemptStarts.isEmpty)
        #expect(skips(in: run).first?.message.hasSuffix("; no model left in the chain") == true)
        let failure = try #require(run.outcome(of: "answer")?.failure)
        #expect(failure.message.contains("primary/first: not called: circuit open until"))
        #expect(failure.hint?.contains("'breaker:'") == true)
    }

    @Test func theMoveToHalfOpenIsRecordedWhenTheProbeArrivesThenItsSuccessClosesTheBreaker() async throws {
        let clock = ManualTimeSource()
        let breakers = breakers(clock)
        breakers.recordFailure(try #require(accounts["primary"]), error: serverError)
        clock.advance(by: .seconds(45))
        let probeTime = clock.date
        let primary = ScriptedProvider(name: "primary")
        let run = try await EngineHarness.run(
            "single", providers: providers(primary: primary), clock: clock,
            configure: { $0.breaker = TrafficCircuitBreaker(breakers: breakers, accounts: accounts) })
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(primary.callCount(of: "first") == 1)
        let changes = changes(in: run)
        #expect(changes.count == 2)
        #expect(changes.first?.hasSuffix("open → half-open: cool-down of 30s over; this call is the probe") == true)
        #expect(changes.last?.hasSuffix("half-open → closed: a call succeeded") == true)
        // The half-open move comes as the probe is let through: before its attempt starts.
        #expect(
            run.labels.filter { $0.hasPrefix("answer") && !$0.contains("delta") && !$0.contains("usage") } == [
                "answer started", "answer moved the breaker of primary", "answer attempt 1 started",
                "answer moved the breaker of primary", "answer attempt 1 finished", "answer finished",
            ])
        #expect(breakers.transitions.map(\.date) == [probeTime.addingTimeInterval(-45), probeTime, probeTime])
    }

    @Test func everyTransitionAndSkipReachesTheStoreAndShowAndOnlyCallsMadeAreAttempts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-breaker-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let clock = ManualTimeSource()
        let breakers = breakers(clock)
        breakers.recordFailure(try #require(accounts["primary"]), error: serverError)
        clock.advance(by: .seconds(30))
        // The probe fails: the breaker opens again, the retry is skipped, secondary answers; the
        // second step skips primary before making any attempt.
        let primary = ScriptedProvider(name: "primary", script: ["first": [.failure(.serverError, status: 500)]])
        let run = try await PipelineRun.start(
            plan: try EngineHarness.plan("chain"), inputs: [:], store: store,
            environment: ExecutionEnvironment(
                providers: providers(primary: primary), clock: clock,
                breaker: TrafficCircuitBreaker(breakers: breakers, accounts: accounts)),
            options: RunOptions(workingDirectory: EngineHarness.projectRoot, retryPolicy: RetryPolicy(random: { 0 })))
        let outcome = await run.complete()
        #expect(outcome.result.status == .succeeded, "\(outcome.result.failure?.description ?? "")")
        let transcript = try await store.transcript(run.runID)
        let attempts = transcript.steps.map { entry in entry.attempts.map { "\($0.start.provider) \($0.status)" } }
        #expect(attempts == [["primary failed", "secondary succeeded"], ["secondary succeeded"]])
        #expect(
            transcript.notes.map { "\($0.step ?? "") \($0.attemptNumber.map(String.init) ?? "-") \($0.kind.rawValue)" }
                == [
                    "answer 1 circuit-breaker", "answer 1 circuit-breaker", "answer 1 retry-scheduled",
                    "answer 1 call-skipped", "again - call-skipped",
                ])
        let reopens = clock.date.addingTimeInterval(30).formatted(.iso8601)
        let shown = RunTranscriptRenderer().render(transcript, step: "again")
        let skip =
            "call-skipped: skipped primary/first: circuit open until \(reopens); moved on to secondary/second"
        let skipLine = try #require(shown.range(of: skip))
        let attemptLine = try #require(shown.range(of: "attempt 1  secondary/second  succeeded"))
        #expect(skipLine.lowerBound < attemptLine.lowerBound)
        let answer = RunTranscriptRenderer().render(transcript, step: "answer")
        #expect(answer.contains("circuit-breaker: breaker primary#"))
        #expect(answer.contains("open → half-open: cool-down of 30s over; this call is the probe"))
        #expect(answer.contains("half-open → open: the probe failed (server-error)"))
        let json = RunTranscriptRenderer().jsonValue(transcript, step: "again")
        let notes = try #require(json["notes"]?.arrayValue)
        #expect(notes.count == 1)
        #expect(notes.first?["kind"] == "call-skipped")
        #expect(notes.first?["attempt"] == .null)
        #expect(notes.first?["message"]?.stringValue?.hasPrefix("skipped primary/first: circuit open until") == true)
    }

    @Test func aRejectedKeyDisablesTheAccountForTheRestOfTheRun() async throws {
        let clock = ManualTimeSource()
        let primary = ScriptedProvider(name: "primary", script: ["first": [.failure(.authentication, status: 401)]])
        let breakers = AccountBreakers(clock: clock)
        let breaker = TrafficCircuitBreaker(breakers: breakers, accounts: accounts)
        _ = try await EngineHarness.run(
            "chain", providers: providers(primary: primary), clock: clock, configure: { $0.breaker = breaker })
        #expect(breakers.state(of: try #require(accounts["primary"])).name == "disabled")
        guard case .skip(let reason) = breaker.admit(account: "primary") else {
            Issue.record("a disabled account must be skipped")
            return
        }
        #expect(reason.hasPrefix("account disabled for the run (authentication"))
    }
}
