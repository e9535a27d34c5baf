import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceTestSupport
import SluiceTraffic
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ExecutorTests {
    @Test func independentStepsRunAtTheSameTime() async throws {
        // The barrier answers nothing until both calls are in flight: run one at a time, this would never finish.
        let providers = ProviderRegistry(["barrier": BarrierProvider(size: 2)])
        let run = try await EngineHarness.run("parallel", providers: providers)
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        let labels = run.labels
        let bothStarted = try #require(labels.firstIndex(of: "right attempt 1 started"))
        let firstFinished = try #require(labels.firstIndex { $0.hasSuffix("attempt 1 finished") })
        #expect(labels.firstIndex(of: "left attempt 1 started").map { $0 < firstFinished } == true)
        #expect(bothStarted < firstFinished)
        #expect(run.result.outputs?["joined"] == .string("echo:left | echo:right"))
        #expect(labels.firstIndex(of: "joined started").map { $0 > firstFinished } == true)
    }

    @Test func aFanOutOfAHundredNeverHasMoreThanEightInFlight() async throws {
        let (run, provider) = try await Self.runHeldFanOut(items: 100, cap: 8)
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(provider.peakHeld == 8, "the fan-out should run eight items at once, and never more")
        let results = try #require(run.result.outputs?["results"]?.arrayValue)
        #expect(results == (0..<100).map { JSONValue.string("echo:item \($0)") })
        #expect(run.events.count { if case .itemStarted = $0 { true } else { false } } == 100)
    }

    @Test func theGlobalConcurrencyCapsAFanOutBelowItsStepConcurrency() async throws {
        let (run, provider) = try await Self.runHeldFanOut(items: 30, cap: 3, concurrency: 3)
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(provider.peakHeld == 3, "--concurrency 3 should hold the step's eight down to three")
    }

    @Test func fanOutResultsKeepInputOrderWhenItemsFinishInReverse() async throws {
        let providers = ProviderRegistry(["barrier": BarrierProvider(size: 5)])
        let run = try await EngineHarness.run(
            "ordered", inputs: [#"items=["a","b","c","d","e"]"#], providers: providers)
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(
            run.result.outputs?["results"]
                == .array(["echo:a", "echo:b", "echo:c", "echo:d", "echo:e"].map(JSONValue.string)))
    }

    @Test func whenSkipsItemsAndSteps() async throws {
        let run = try await EngineHarness.run("conditions")
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        // Items 0 and 2 (1 and 2) are skipped; the fan-out's output holds only the kept ones, in order.
        #expect(run.result.outputs?["big"] == .array([.string("5"), .string("7")]))
        #expect(run.result.outputs?["optional"] == .null)
        #expect(run.result.outputs?["report"] == .string("big=5,7 optional=True"))
        #expect(run.outcome(of: "optional")?.status == .skipped)
        let skippedItems = run.events.compactMap { event -> Int? in
            if case .itemFinished("big", let index, let outcome) = event, outcome.status == .skipped { return index }
            return nil
        }
        #expect(skippedItems.sorted() == [0, 2])
        #expect(run.labels.contains("optional skipped"))
    }

    @Test func whenTrueRunsTheStep() async throws {
        let run = try await EngineHarness.run("conditions", inputs: ["enabled=true"])
        #expect(run.result.outputs?["optional"] == .string("ran"))
        #expect(run.result.outputs?["report"] == .string("big=5,7 optional=False"))
    }

    @Test func runStepsReceiveHostileInputAsOneInertValue() async throws {
        let hostile = #"x"; rm -rf /tmp/x # $(touch /tmp/sluice-pwned) `id`"#
        let run = try await EngineHarness.run("commands", inputs: ["value=\(hostile)"])
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        #expect(run.result.outputs?["shell"] == .string(hostile))
        #expect(run.result.outputs?["argv"] == .string(hostile))
        #expect(run.result.outputs?["piped"] == .string(hostile))
        #expect(run.result.outputs?["structured"] == ["count": .integer(hostile.count)])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/sluice-pwned"))
        // The recorded request shows the command exactly as written, with the value only in env.
        let shell = try #require(run.attemptStarts.first { $0.step == "shell" })
        #expect(shell.provider == "command")
        #expect(
            shell.request.objectValue?["command"]
                == .array(["sh", "-c", #"printf '%s' "$VALUE""#].map(JSONValue.string)))
        #expect(shell.request.objectValue?["env"] == ["VALUE": .string(hostile)])
    }

    @Test func anEnvironmentValueTooLargeToStartACommandFailsTheStepNamingStdin() async throws {
        // Linux refuses to start a program given one variable over 128 KiB; stdin has no such limit.
        let large = String(repeating: "x", count: 200_000)
        let run = try await EngineHarness.run("commands", inputs: ["value=\(large)"])
        let shell = try #require(run.outcome(of: "shell"))
        #expect(shell.failure?.code == .commandEnvironmentTooLarge, "\(shell.failure?.description ?? "")")
        #expect(shell.failure?.message.contains("'VALUE' under 'env' of step 'shell' is 200000 bytes") == true)
        #expect(shell.failure?.hint?.contains("stdin") == true)
        #expect(shell.failure?.location?.file == "pipelines/commands.yaml")
        #expect(run.outcome(of: "piped")?.status == .succeeded)
    }

    @Test func aFailedCommandShowsItsExitStatusAndStderrAndFailsItsDependents() async throws {
        let run = try await EngineHarness.run("failing")
        #expect(run.result.status == .failed)
        let broken = try #require(run.outcome(of: "broken"))
        #expect(broken.status == .failed)
        #expect(broken.failure?.code == .commandFailed)
        #expect(broken.failure?.message.contains("exited with status 3") == true)
        #expect(broken.failure?.message.contains("disk full") == true)
        #expect(broken.failure?.location?.file == "pipelines/failing.yaml")
        let after = try #require(run.outcome(of: "after"))
        #expect(after.status == .cancelled)
        #expect(after.failure?.message == "not run: step 'broken' it depends on did not succeed")
        #expect(after.failure?.code == .dependencyFailed)
        // The independent branch still finishes.
        #expect(run.outcome(of: "independent")?.status == .succeeded)
        #expect(run.result.failure?.message.hasPrefix("step 'broken' failed") == true)
        #expect(run.result.failure?.code == .commandFailed)
    }

    @Test func failFastCancelsWorkInFlight() async throws {
        let run = try await EngineHarness.run("failfast", failFast: true)
        #expect(run.result.status == .failed)
        #expect(run.outcome(of: "broken")?.status == .failed)
        let waiting = try #require(run.outcome(of: "waiting"))
        #expect(waiting.status == .cancelled)
        #expect(waiting.failure?.message == "cancelled because step 'broken' failed (--fail-fast)")
        #expect(run.attemptOutcomes.first { $0.0.step == "waiting" }?.1.status == .cancelled)
        #expect(run.result.failure?.message.contains("--fail-fast") == true)
        #expect(run.result.failure?.code == .failFast)
    }

    @Test func aProviderWithoutItsKeyIsSkippedWithoutAnAttemptAndTheChainFallsBackWithRetries() async throws {
        let policy = RetryPolicy(random: { 0.5 })
        let run = try await EngineHarness.run("fallback", retryPolicy: policy)
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        // Nothing could be sent to openai, so it made no attempt: both attempts are local's.
        let attempts = run.attemptOutcomes
        #expect(run.attemptStarts.map(\.provider) == ["local", "local"])
        #expect(attempts.map(\.0.number) == [1, 2])
        let skipped = run.events.compactMap { event -> SkippedCall? in
            if case .callSkipped(let skipped) = event { return skipped }
            return nil
        }
        #expect(
            skipped.map(\.message) == [
                "skipped openai/gpt-4.1-mini: no API key for provider 'openai': OPENAI_API_KEY is not set; export it in the shell, or add 'OPENAI_API_KEY=…' to .env in the project root; moved on to local/flaky"
            ])
        #expect(skipped.first?.afterAttempt == nil)
        // A missing key is as loud as a rejected one, naming the variable.
        #expect(run.result.warnings.map(\.code) == [.accountDisabled])
        #expect(run.result.warnings.first?.message.contains("OPENAI_API_KEY is not set") == true)
        #expect(attempts[0].1.status == .failed)
        #expect(attempts[0].1.failure?.code == "provider-server-error")
        #expect(attempts[1].1.status == .succeeded)
        // One retry of local/flaky: full jitter over [0, 500ms] with random 0.5 gives 250ms.
        #expect(
            run.labels.filter {
                $0.contains("retry") || $0.contains("fell back") || $0.contains("set aside") || $0.contains("skipped")
            } == ["answer set aside openai", "answer skipped openai/gpt-4.1-mini", "answer retry after attempt 1"])
        #expect(
            run.events.compactMap { event -> Duration? in
                if case .retryScheduled(_, let delay, _) = event { return delay }
                return nil
            } == [.milliseconds(250)])
        #expect(run.result.outputs?["answer"]?.stringValue?.hasPrefix("[synthetic]") == true)
    }

    @Test func retryWaitsComeFromTheBackoffWithTheProvidersDelayAsAFloor() {
        let policy = RetryPolicy(backoff: Backoff(base: .seconds(1), cap: .seconds(5)), random: { 1 })
        let failure = AttemptFailure.provider(ProviderError(code: .serverError, message: "boom", provider: "p"))
        let waits = [0, 2, 5].map {
            policy.decide(after: failure, retriesUsed: $0, retriesAllowed: 9, hasNextModel: false)
        }
        #expect(waits == [.retry(after: .seconds(1)), .retry(after: .seconds(4)), .retry(after: .seconds(5))])
        let zero = RetryPolicy(backoff: Backoff(base: .seconds(1), cap: .seconds(30)), random: { 0 })
        let limited = AttemptFailure.provider(
            ProviderError(code: .rateLimited, message: "slow down", provider: "p", retryAfter: .seconds(3)))
        #expect(
            zero.decide(after: limited, retriesUsed: 1, retriesAllowed: 3, hasNextModel: false)
                == .retry(after: .seconds(3)))
    }

    @Test func jsonAndXMLOutputsAreExtracted() async throws {
        let run = try await EngineHarness.run("structured")
        #expect(run.result.status == .succeeded, "\(run.result.failure?.description ?? "")")
        let facts = try #require(run.result.outputs?["facts"]?.objectValue)
        #expect(facts["fact"]?.stringValue != nil)
        #expect(facts["confidence"]?.doubleValue.map { (0...1).contains($0) } == true)
        let tagged = try #require(run.result.outputs?["tagged"]?.objectValue)
        #expect(tagged.keys == ["summary", "answer"])
        #expect(tagged["answer"]?.stringValue?.hasPrefix("[synthetic]") == true)
    }

    @Test func aStepTimeoutFailsTheStepWhenTheClockPassesIt() async throws {
        let run = try await EngineHarness.run(
            "timeout",
            onEvent: { event, clock in
                if case .attemptStarted = event {
                    await clock.waitForSleeper(wakingIn: .milliseconds(200))
                    clock.advance(by: .milliseconds(200))
                }
            })
        #expect(run.result.status == .failed)
        let outcome = try #require(run.outcome(of: "waiting"))
        #expect(outcome.failure?.code == .stepTimeout)
        #expect(outcome.failure?.message.contains("within the step's timeout of 200ms") == true)
        // The step's timeout is not retried: one attempt, however many retries the step allows.
        #expect(run.attemptStarts.count == 1)
    }

    @Test func theRunTimeoutCancelsWhatIsInFlightAndFailsTheRun() async throws {
        let run = try await EngineHarness.run(
            "stall", timeout: .milliseconds(100),
            onEvent: { event, clock in
                if case .attemptStarted = event {
                    await clock.waitForSleeper(wakingIn: .milliseconds(100))
                    clock.advance(by: .milliseconds(100))
                }
            })
        #expect(run.result.status == .failed)
        #expect(run.result.failure?.message == "the run took longer than its limit of 100ms")
        #expect(run.result.failure?.code == .runTimeout)
        let waiting = try #require(run.outcome(of: "waiting"))
        #expect(waiting.status == .cancelled)
        #expect(run.attemptOutcomes.first?.1.status == .cancelled)
    }

    @Test func interruptingARunRecordsItAsInterrupted() async throws {
        let plan = try EngineHarness.plan("stall")
        let executor = PipelineExecutor(
            plan: plan,
            environment: ExecutionEnvironment(providers: EngineHarness.standardProviders, clock: ManualTimeSource()),
            options: RunOptions(workingDirectory: EngineHarness.projectRoot))
        let execution = executor.start(runID: RunID.generate(), inputs: [:])
        var result: RunResult?
        var attempt: AttemptOutcome?
        for await event in execution.events {
            if case .attemptStarted = event { execution.interrupt() }
            if case .attemptFinished(_, let outcome) = event { attempt = outcome }
            if case .runFinished(let finished) = event { result = finished }
        }
        #expect(result?.status == .interrupted)
        #expect(attempt?.status == .interrupted)
    }

    @Test func streamingStepsEmitDeltasAndOthersDoNot() async throws {
        let streaming = try await EngineHarness.run("streaming")
        let deltas = streaming.events.compactMap { event -> String? in
            if case .textDelta(_, let text) = event { return text }
            return nil
        }
        #expect(deltas.count > 1)
        #expect(streaming.result.outputs?["story"] == .string(deltas.joined()))
        let quiet = try await EngineHarness.run("greeting")
        #expect(!quiet.events.contains { if case .textDelta = $0 { true } else { false } })
        #expect(quiet.events.contains { if case .usage = $0 { true } else { false } })
    }
}

extension ExecutorTests {
    /// Runs `fanout` (`concurrency: 8`) over `items` items with every call held by a provider that
    /// stands in for `local`: each round waits until `cap` calls are held (or every call still
    /// unanswered, when fewer are left), then answers the oldest. A run that keeps to `cap`
    /// reaches it in every round and never passes it; one that lets more through fills the
    /// provider past `cap` while the rounds go on, and one that runs fewer never fills it (the
    /// suite's time limit then fails the test). No real time passes.
    static func runHeldFanOut(
        items: Int, cap: Int, concurrency: Int = 16
    ) async throws -> (EngineHarness.Run, HoldingProvider) {
        let provider = HoldingProvider(name: "local")
        let list = JSONValue.array((0..<items).map { JSONValue.integer($0) }).formatted(.compact)
        async let run = EngineHarness.run(
            "fanout", inputs: ["items=\(list)"], providers: ProviderRegistry(["local": provider]),
            concurrency: concurrency)
        for answered in 0..<items {
            await provider.waitForHeld(min(cap, items - answered))
            provider.releaseOldest()
        }
        return (try await run, provider)
    }
}
