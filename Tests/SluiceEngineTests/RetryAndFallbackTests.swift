import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTestSupport
import SluiceTraffic
import Synchronization
import Testing

/// Retry and fallback as decisions: what each kind of provider failure does to a step's chain.
@Suite(.timeLimit(.minutes(1)))
struct RetryAndFallbackTests {
    /// `primary` and `secondary` answered by scripted providers, with the fixture's settings so
    /// failures can name each account's key variable.
    private func providers(primary: ScriptedProvider, secondary: ScriptedProvider) -> ProviderRegistry {
        ProviderRegistry(
            ["primary": primary, "secondary": secondary], settings: EngineHarness.config.providers)
    }

    @Test func aBadRequestFailsTheStepAtOnceAndNeverReachesTheNextModel() async throws {
        let primary = ScriptedProvider(
            name: "primary",
            script: ["first": [.failure(.badRequest, status: 400, message: "temperature must be at most 2")]])
        let secondary = ScriptedProvider(name: "secondary")
        let run = try await EngineHarness.run("single", providers: providers(primary: primary, secondary: secondary))
        #expect(run.result.status == .failed)
        let failure = try #require(run.outcome(of: "answer")?.failure)
        #expect(failure.code == "provider-bad-request")
        #expect(failure.message.contains("temperature must be at most 2"))

        let chain = try await EngineHarness.run("chain", providers: providers(primary: primary, secondary: secondary))
        let answer = try #require(chain.outcome(of: "answer")?.failure)
        #expect(answer.code == "provider-bad-request")
        #expect(answer.message.contains("temperature must be at most 2"))
        #expect(secondary.requests.isEmpty)
        #expect(!chain.labels.contains { $0.contains("fell back") || $0.contains("retry") })
        #expect(chain.attemptStarts.filter { $0.step == "answer" }.count == 1)
    }

    @Test func aRejectedKeyFallsBackWarnsNamingTheVariableAndIsNotTriedAgain() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.failure(.authentication, status: 401, message: "invalid x-api-key")]])
        let secondary = ScriptedProvider(name: "secondary")
        let run = try await EngineHarness.run("chain", providers: providers(primary: primary, secondary: secondary))
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(run.result.outputs == nil || run.outcome(of: "again")?.status == .succeeded)
        // The account failed once; the second step went straight to the next model.
        #expect(primary.callCount(of: "first") == 1)
        #expect(secondary.callCount(of: "second") == 2)
        #expect(run.attemptStarts.filter { $0.step == "again" }.map(\.provider) == ["secondary"])
        let warnings = run.events.compactMap { event -> RunFailure? in
            if case .accountDisabled(_, "primary", let reason) = event { return reason }
            return nil
        }
        #expect(warnings.count == 1)
        #expect(warnings.first?.code == .accountDisabled)
        #expect(warnings.first?.hint?.contains("PRIMARY_API_KEY") == true)
        #expect(run.result.warnings == warnings)
        #expect(run.labels.contains("answer fell back to secondary/second after attempt 1"))
    }

    @Test func aServerDelayLongerThanTheCapFallsBackWithoutAnEarlyRetry() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.failure(.rateLimited, status: 429, retryAfter: .seconds(600))]])
        let secondary = ScriptedProvider(name: "secondary")
        let clock = ManualTimeSource()
        let run = try await EngineHarness.run(
            "chain", providers: providers(primary: primary, secondary: secondary), clock: clock)
        #expect(run.result.status == .succeeded)
        #expect(primary.callCount(of: "first") == 2, "each step asked primary once and moved on at once")
        #expect(!run.labels.contains { $0.contains("retry") })
        #expect(clock.now == .zero, "nothing waited")
        let fellBack = run.events.compactMap { event -> RunFailure? in
            if case .fellBack(let key, _, let reason) = event, key.step == "answer" { return reason }
            return nil
        }
        #expect(fellBack.first?.message.contains("longer than the retry cap of 30s") == true)
    }

    @Test func aServerDelayLongerThanTheCapFailsClearlyWhenNoModelIsLeft() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.failure(.rateLimited, status: 429, retryAfter: .seconds(600))]])
        let clock = ManualTimeSource()
        let run = try await EngineHarness.run(
            "single", providers: providers(primary: primary, secondary: ScriptedProvider(name: "secondary")),
            clock: clock)
        #expect(run.result.status == .failed)
        let failure = try #require(run.outcome(of: "answer")?.failure)
        #expect(failure.code == .retryDelayTooLong)
        #expect(failure.message.contains("asked to wait 600s"))
        #expect(primary.callCount(of: "first") == 1)
        #expect(clock.sleepRequests.allSatisfy { $0 != .seconds(600) })
    }

    @Test func aServerDelayWithinTheCapIsWaitedInFull() async throws {
        let primary = ScriptedProvider(
            name: "primary",
            script: ["first": [.failure(.rateLimited, status: 429, retryAfter: .seconds(20)), .text("at last")]])
        let clock = ManualTimeSource()
        let run = try await EngineHarness.run(
            "single", providers: providers(primary: primary, secondary: ScriptedProvider(name: "secondary")),
            retryPolicy: RetryPolicy(random: { 0 }), clock: clock)
        #expect(run.result.status == .succeeded)
        #expect(clock.now == .seconds(20))
        #expect(run.outcome(of: "answer")?.output == .string("at last"))
    }

    @Test func aBackingOffStepDoesNotHoldUpAnotherReadyStepUnderConcurrencyOne() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["flaky": [.failure(.serverError, status: 503), .text("slow done")]])
        let secondary = ScriptedProvider(name: "secondary")
        // `other` waits for capacity (outside the run's concurrency place) until `slow` has failed
        // once, so `slow` always goes first; its wait is let through only once `other` is done.
        let gate = GateAfterFirstFailure(gated: "secondary", after: "primary")
        let pending = Mutex<(delay: Duration?, otherDone: Bool)>((nil, false))
        let run = try await EngineHarness.run(
            "backoff", providers: providers(primary: primary, secondary: secondary), concurrency: 1,
            advancesRetryWaits: false,
            configure: { $0.requestLimiter = gate },
            onEvent: { event, clock in
                switch event {
                case .retryScheduled(_, let delay, _): pending.withLock { $0.delay = delay }
                case .stepFinished("other", _): pending.withLock { $0.otherDone = true }
                default: return
                }
                let (delay, otherDone) = pending.withLock { ($0.delay, $0.otherDone) }
                if let delay, otherDone {
                    await clock.waitForSleeper(wakingIn: delay)
                    clock.advance(by: delay)
                }
            })
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        let labels = run.labels
        let retry = try #require(labels.firstIndex(of: "slow retry after attempt 1"))
        let otherStarted = try #require(labels.firstIndex(of: "other attempt 1 started"))
        let otherFinished = try #require(labels.firstIndex(of: "other finished"))
        let retried = try #require(labels.firstIndex(of: "slow attempt 2 started"))
        #expect(retry < otherStarted)
        #expect(otherFinished < retried)
    }

    @Test func theProvidersXShouldRetryHeaderDecidesOverTheStatus() {
        let policy = RetryPolicy(random: { 1 })
        // A 500 the provider says not to retry moves on at once; a 400 it says to retry is retried.
        let doNotRetry = ProviderError(
            code: .serverError, message: "boom", provider: "p", httpStatus: 500, isRetryable: false)
        #expect(
            policy.decide(after: .provider(doNotRetry), retriesUsed: 0, retriesAllowed: 2, hasNextModel: true)
                == .fallBack(reason: "server-error is not worth retrying on the same model"))
        let retry = ProviderError(code: .badRequest, message: "busy", provider: "p", httpStatus: 400, isRetryable: true)
        #expect(
            policy.decide(after: .provider(retry), retriesUsed: 0, retriesAllowed: 2, hasNextModel: true)
                == .retry(after: .milliseconds(500)))
        let malformed = ProviderError(code: .badRequest, message: "bad", provider: "p", httpStatus: 400)
        #expect(
            policy.decide(after: .provider(malformed), retriesUsed: 0, retriesAllowed: 2, hasNextModel: true)
                == .fail(reason: "no model can accept a malformed request"))
    }

    @Test func aMissingHTTPLibraryFailsTheStepAtOnceEvenWithRetriesAndAModelLeft() {
        let policy = RetryPolicy(random: { 1 })
        let missing = ProviderError(
            transport: HTTPTransportError(.libraryMissing, "cannot load libSluiceHTTPClient.so"), provider: "p",
            redactor: SecretRedactor())
        #expect(missing.code == .httpLibraryMissing)
        #expect(!missing.isRetryable)
        #expect(missing.diagnostic.code.rawValue == "provider-http-library-missing")
        #expect(
            policy.decide(after: .provider(missing), retriesUsed: 0, retriesAllowed: 2, hasNextModel: true)
                == .fail(reason: "no HTTP provider can be called until the installation is repaired"))
    }

    @Test func aStallIsRetriedButTheStepTimeoutIsNot() {
        let policy = RetryPolicy(random: { 1 })
        let stalled = ProviderError(code: .streamStalled, message: "no bytes for 60s", provider: "p")
        #expect(
            policy.decide(after: .provider(stalled), retriesUsed: 0, retriesAllowed: 2, hasNextModel: false)
                == .retry(after: .milliseconds(500)))
        #expect(
            policy.decide(after: .stepTimeout(.seconds(120)), retriesUsed: 0, retriesAllowed: 2, hasNextModel: true)
                == .fallBack(reason: "the step's timeout is not retried"))
        let overloaded = ProviderError(code: .overloaded, message: "busy", provider: "p")
        #expect(
            policy.decide(after: .provider(overloaded), retriesUsed: 0, retriesAllowed: 2, hasNextModel: true)
                == .fallBack(reason: "the provider is overloaded"))
        #expect(
            policy.decide(after: .provider(overloaded), retriesUsed: 0, retriesAllowed: 2, hasNextModel: false)
                == .retry(after: .milliseconds(500)))
    }

    @Test func retriesAndFallbacksReachTheStoreAndShow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-notes-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.failure(.authentication, status: 401, message: "bad key")]])
        let secondary = ScriptedProvider(
            name: "secondary", script: ["second": [.failure(.serverError, status: 500), .text("fine")]])
        let run = try await PipelineRun.start(
            plan: try EngineHarness.plan("chain"), inputs: [:], store: store,
            environment: ExecutionEnvironment(
                providers: providers(primary: primary, secondary: secondary), clock: SystemTimeSource()),
            options: RunOptions(
                workingDirectory: EngineHarness.projectRoot,
                retryPolicy: RetryPolicy(backoff: Backoff(base: .zero, cap: .seconds(30)))))
        let outcome = await run.complete()
        #expect(outcome.result.status == .succeeded, "\(outcome.result.failure?.description ?? "")")
        let transcript = try await store.transcript(run.runID)
        #expect(transcript.notes.map(\.kind) == [.accountDisabled, .fellBack, .retryScheduled])
        #expect(transcript.notes.first?.message.contains("PRIMARY_API_KEY") == true)
        // Scripted answers are not the simulator's, whatever the provider is called.
        #expect(transcript.steps.allSatisfy { $0.attempts.allSatisfy { !$0.start.synthetic } })
        let summary = RunTranscriptRenderer().render(transcript)
        #expect(summary.contains("warning: provider 'primary' rejected its API key (HTTP 401)"))
        let step = RunTranscriptRenderer().render(transcript, step: "answer")
        #expect(
            step.contains(
                "fell-back: moved on to secondary/second: authentication is not worth retrying on the same model [provider-authentication]"
            ))
        #expect(step.contains("retry-scheduled: retrying in 0ms after [provider-server-error]"))
        let json = RunTranscriptRenderer().jsonValue(transcript)
        #expect(json.objectValue?["notes"]?.arrayValue?.count == 3)
    }
}

/// A rate limiter that holds `gated` until `after` has had a call end in failure; never really waits.
private final class GateAfterFirstFailure: RequestLimiter {
    private let gated: String
    private let after: String
    /// Whether the gate is open, and who waits for it.
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    init(gated: String, after: String) {
        self.gated = gated
        self.after = after
    }

    func acquire(account: String, request: ModelRequest, lane: String) async throws -> LimiterGrant {
        guard account == gated else { return LimiterGrant(account: account) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state -> Bool in
                if !state.open { state.waiting.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
        return LimiterGrant(account: account)
    }

    func release(_ grant: LimiterGrant, usage: TokenUsage?, rateLimits: RateLimitSnapshot?, error: ProviderError?) async
    {
        guard grant.account == after, error != nil else { return }
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
