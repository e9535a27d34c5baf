import Foundation
import SluiceCore
import SluiceStore
import Testing

@Suite("Run store: recording and reading runs")
struct SluiceStoreTests {
    @Test("a fresh store is created with every table and reopens without losing runs")
    func freshStoreAndReopen() async throws {
        let directory = try TemporaryDirectory()
        let created: RunRecord
        do {
            let store = try SluiceStore(at: directory.storeURL)
            created = try await store.createRun(pipeline: "triage", inputs: ["tone": "friendly"])
            try await store.finishRun(created.id, status: .succeeded, outputs: ["digest": "done"])
        }
        let reopened = try SluiceStore(at: directory.storeURL)
        let run = try await reopened.run(created.id)
        #expect(run.pipeline == "triage")
        #expect(run.inputs == ["tone": "friendly"])
        #expect(run.status == .succeeded)
        #expect(run.outputs == ["digest": "done"])
        #expect(run.sluiceVersion == SluiceVersion.current)
        #expect(run.finishedAt != nil)
        #expect(try await reopened.cacheEntry(forKey: "absent") == nil)
    }

    @Test("a step kind this build does not know reads back as itself, and known kinds as typed")
    func stepKindsReadBackAsStored() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "nested", inputs: [:])
        try await store.startStep(runID: run.id, name: "inner", kind: StepKind(rawValue: "pipeline"))
        try await store.startStep(runID: run.id, name: "render", kind: .template)
        let steps = try await store.transcript(run.id).steps.map(\.step)
        #expect(steps.map(\.kind) == [StepKind(rawValue: "pipeline"), .template])
    }

    @Test("a run with a fan-out step reads back with its items and attempts in order")
    func transcriptRoundTrip() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "triage", inputs: ["tickets": [1, 2]])

        try await store.startStep(runID: run.id, name: "summary", kind: .model)
        let single = try await store.begin(
            AttemptStart(
                runID: run.id, step: "summary", number: 1, provider: "local", model: "default",
                request: ["messages": [["role": "user", "content": "hi"]]], limiterWait: .milliseconds(250)))
        try await store.finishAttempt(
            single,
            outcome: AttemptOutcome(
                status: .succeeded, responseText: "[synthetic] hello", httpStatus: 200, finishReason: .completed,
                latency: .milliseconds(1500), timeToFirstToken: .milliseconds(120), inputTokens: 10,
                outputTokens: 5, costUSD: 0.25))
        try await store.finishStep(
            runID: run.id, name: "summary", outcome: WorkOutcome(status: .succeeded, output: "[synthetic] hello"))

        try await store.startStep(runID: run.id, name: "classify", kind: .model, itemCount: 2)
        for index in [1, 0] {
            try await store.startItem(runID: run.id, step: "classify", index: index, input: .integer(index + 1))
            for number in 1...2 {
                let attempt = try await store.begin(
                    AttemptStart(
                        runID: run.id, step: "classify", itemIndex: index, number: number, provider: "local",
                        model: "flaky", request: ["n": .integer(number)]))
                let succeeded = number == 2
                try await store.finishAttempt(
                    attempt,
                    outcome: AttemptOutcome(
                        status: succeeded ? .succeeded : .failed, responseText: succeeded ? "ok" : nil,
                        httpStatus: succeeded ? 200 : 503, inputTokens: 3, outputTokens: succeeded ? 1 : 0,
                        costUSD: 0.5, failure: succeeded ? nil : RunFailure("provider-server-error", "server error"),
                        fromCache: false))
            }
            try await store.finishItem(
                runID: run.id, step: "classify", index: index,
                outcome: WorkOutcome(status: .succeeded, output: ["urgency": "high"]))
        }
        try await store.finishStep(
            runID: run.id, name: "classify",
            outcome: WorkOutcome(status: .succeeded, output: [["urgency": "high"], ["urgency": "high"]]))
        try await store.finishRun(run.id, status: .succeeded)

        let transcript = try await store.transcript(run.id)
        #expect(transcript.steps.map(\.step.name) == ["summary", "classify"])
        let summary = try #require(transcript.steps.first)
        #expect(summary.items.isEmpty)
        let attempt = try #require(summary.attempts.first)
        #expect(attempt.start.provider == "local")
        #expect(attempt.outcome?.responseText == "[synthetic] hello")
        #expect(attempt.outcome?.httpStatus == 200)
        #expect(attempt.outcome?.finishReason == .completed)
        #expect(attempt.outcome?.latency == .milliseconds(1500))
        #expect(attempt.outcome?.timeToFirstToken == .milliseconds(120))
        #expect(attempt.start.limiterWait == .milliseconds(250))
        #expect(attempt.outcome?.inputTokens == 10)
        #expect(attempt.outcome?.costUSD == 0.25)
        #expect(attempt.start.request == ["messages": [["role": "user", "content": "hi"]]])

        let classify = try #require(transcript.steps.last)
        #expect(classify.step.itemCount == 2)
        #expect(classify.items.map(\.item.index) == [0, 1])
        #expect(classify.items.map(\.item.input) == [.integer(1), .integer(2)])
        #expect(classify.items.allSatisfy { $0.attempts.map(\.start.number) == [1, 2] })
        #expect(classify.items[0].attempts[0].outcome?.failure == RunFailure("provider-server-error", "server error"))
        #expect(classify.attempts.isEmpty)

        let totals = try await store.run(run.id)
        #expect(totals.inputTokens == 10 + 4 * 3)
        #expect(totals.outputTokens == 5 + 2)
        #expect(totals.costUSD == 0.25 + 4 * 0.5)
    }

    @Test("cache hits are recorded but do not add to what the run spent")
    func cacheHitsDoNotCountTowardsTotals() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        try await store.startStep(runID: run.id, name: "s", kind: .model)
        let attempt = try await store.begin(
            AttemptStart(runID: run.id, step: "s", number: 1, provider: "openai", model: "gpt-4.1", request: [:]))
        try await store.finishAttempt(
            attempt,
            outcome: AttemptOutcome(
                status: .succeeded, responseText: "cached", inputTokens: 100, outputTokens: 50, costUSD: 0.1,
                fromCache: true))
        let reread = try await store.run(run.id)
        #expect(reread.costUSD == 0)
        #expect(reread.inputTokens == 0)
        let stored = try #require(try await store.transcript(run.id).steps.first?.attempts.first)
        #expect(stored.outcome?.fromCache == true)
        #expect(stored.outcome?.costUSD == 0.1)
    }

    @Test("requests, errors and responses are stored with secrets removed")
    func secretsNeverReachTheStore() async throws {
        let directory = try TemporaryDirectory()
        let secret = "sk-live-abcdefghijklmnop"
        let store = try SluiceStore(at: directory.storeURL, knownSecrets: [secret])
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        try await store.startStep(runID: run.id, name: "s", kind: .model)
        let attempt = try await store.begin(
            AttemptStart(
                runID: run.id, step: "s", number: 1, provider: "gemini", model: "gemini-2.5-flash",
                request: [
                    "url": "https://example.invalid/v1/models/m:generate?alt=sse&key=AIzaSECRET123",
                    "headers": ["Authorization": .string("Bearer \(secret)"), "x-goog-api-key": "AIzaSECRET123"],
                    "body": ["note": .string("token \(secret) pasted into a prompt")],
                ]))
        try await store.finishAttempt(
            attempt,
            outcome: AttemptOutcome(
                status: .failed, failure: RunFailure("provider-authentication", "401 for key \(secret)", hint: secret)))
        try await store.finishStep(
            runID: run.id, name: "s", outcome: WorkOutcome(status: .failed, failure: RunFailure("failed", secret)))
        try await store.finishRun(
            run.id, status: .failed, failure: RunFailure("failed", "Authorization: Bearer \(secret)"))

        let walURL = URL(fileURLWithPath: directory.storeURL.path + "-wal")
        let bytes = try Data(contentsOf: directory.storeURL) + ((try? Data(contentsOf: walURL)) ?? Data())
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(bytes.range(of: Data("AIzaSECRET123".utf8)) == nil)
        let stored = try #require(try await store.transcript(run.id).steps.first?.attempts.first)
        #expect(stored.start.request["headers"]?["Authorization"] == "[REDACTED]")
        #expect(stored.start.request["url"] == "https://example.invalid/v1/models/m:generate?alt=sse&key=[REDACTED]")
        #expect(stored.outcome?.failure?.message == "401 for key [REDACTED]")
        #expect(stored.outcome?.failure?.hint == "[REDACTED]")
        #expect(stored.outcome?.failure?.code == "provider-authentication")
    }

    @Test("listing runs is newest first, filtered by pipeline and by being a test run, and limited")
    func listingRuns() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        var made: [RunRecord] = []
        for offset in 0..<5 {
            made.append(
                try await store.createRun(
                    pipeline: offset.isMultiple(of: 2) ? "even" : "odd", inputs: [:],
                    startedAt: base.addingTimeInterval(Double(offset) * 60)))
        }
        let all = try await store.runs()
        #expect(all.map(\.id) == made.reversed().map(\.id))
        #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
        let even = try await store.runs(pipeline: "even", limit: 2)
        #expect(even.map(\.id) == [made[4].id, made[2].id])
        #expect(try await store.runs(pipeline: "missing").isEmpty)

        // Runs 1 and 3 were started by `sluice test`: a `test-case` note marks them.
        for index in [1, 3] {
            try await store.record([
                .addNote(RunNote(runID: made[index].id, kind: .testCase, message: "case \(index)", at: base))
            ])
        }
        #expect(try await store.runs(testRuns: .excluded).map(\.id) == [made[4].id, made[2].id, made[0].id])
        #expect(try await store.runs(testRuns: .only).map(\.id) == [made[3].id, made[1].id])
        #expect(try await store.runs(pipeline: "odd", testRuns: .excluded).isEmpty)
        #expect(try await store.runs(testRuns: .included).count == 5)
        let notes = try await store.testCaseNotes(of: made.map(\.id))
        #expect(notes == [made[1].id: "case 1", made[3].id: "case 3"])
    }

    @Test("a run id is found from any unique prefix, and unknown or ambiguous prefixes say so")
    func prefixLookup() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try await store.createRun(pipeline: "p", inputs: [:], startedAt: base)
        let second = try await store.createRun(
            pipeline: "p", inputs: [:], startedAt: base.addingTimeInterval(86_400 * 40))

        #expect(try await store.resolveRunID(first.id.rawValue) == first.id)
        #expect(try await store.resolveRunID(String(first.id.rawValue.prefix(5)).uppercased()) == first.id)
        #expect(try await store.resolveRunID(String(second.id.rawValue.prefix(5))) == second.id)

        let sharedPrefix = String(zip(first.id.rawValue, second.id.rawValue).prefix { $0 == $1 }.map(\.0))
        let ambiguous = await #expect(throws: StoreError.self) { try await store.resolveRunID(sharedPrefix) }
        #expect(ambiguous?.code == "run-id-ambiguous")
        #expect(ambiguous?.message.contains(first.id.rawValue) == true)

        let unknown = await #expect(throws: StoreError.self) { try await store.resolveRunID("zzzz") }
        #expect(unknown?.code == "run-not-found")
        #expect(unknown?.hint?.contains("sluice runs") == true)

        let invalid = await #expect(throws: StoreError.self) { try await store.resolveRunID("run-#1") }
        #expect(invalid?.code == "run-id-invalid")
    }

    @Test("a run left running by a dead process reads as dead and is reaped as interrupted")
    func deadRuns() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let host = RunOwner.current.host
        // No Linux or macOS system hands out a pid this high.
        let ghost = RunOwner(processID: 2_147_000_000, host: host)
        let dead = try await store.createRun(pipeline: "p", inputs: [:], owner: ghost)
        try await store.startStep(runID: dead.id, name: "s", kind: .model)
        let attempt = try await store.begin(
            AttemptStart(runID: dead.id, step: "s", number: 1, provider: "local", model: "slow", request: [:]))
        let live = try await store.createRun(pipeline: "p", inputs: [:])
        // This process's pid, but a start time it never had: the pid was reused after a crash.
        var reused = RunOwner.current
        reused.processStartTime = reused.processStartTime.map { $0 + 1 }
        let reusedPid = try await store.createRun(pipeline: "p", inputs: [:], owner: reused)
        let remote = try await store.createRun(
            pipeline: "p", inputs: [:], owner: RunOwner(processID: 1, host: "\(host)-elsewhere"))

        let deadRead = try await store.run(dead.id)
        #expect(deadRead.status == .running)
        #expect(deadRead.liveness == .dead)
        #expect(deadRead.effectiveStatus == .interrupted)
        #expect(try await store.run(live.id).liveness == .live)
        #if os(Linux)
        #expect(try await store.run(reusedPid.id).liveness == .dead)
        #else
        #expect(try await store.run(reusedPid.id).liveness == .live)
        #endif
        #expect(try await store.run(remote.id).liveness == .unknown)

        let reaped = try await store.reapAbandonedRuns()
        #expect(Set(reaped) == (RunOwner.current.processStartTime == nil ? [dead.id] : [dead.id, reusedPid.id]))
        let transcript = try await store.transcript(dead.id)
        #expect(transcript.run.status == .interrupted)
        #expect(transcript.run.failure?.message.contains("2147000000") == true)
        #expect(transcript.run.failure?.code == "run-abandoned")
        #expect(transcript.steps.first?.step.status == .interrupted)
        #expect(transcript.steps.first?.attempts.first?.start.number == attempt.number)
        #expect(transcript.steps.first?.attempts.first?.status == .interrupted)
        #expect(try await store.run(live.id).status == .running)
    }

    @Test("finishing a run interrupts whatever it left running")
    func finishingRunClosesChildren() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        try await store.startStep(runID: run.id, name: "fan", kind: .model, itemCount: 3)
        try await store.startItem(runID: run.id, step: "fan", index: 0)
        try await store.finishRun(
            run.id, status: .interrupted, failure: RunFailure("interrupted", "interrupted by SIGINT"))
        let transcript = try await store.transcript(run.id)
        #expect(transcript.steps[0].step.status == .interrupted)
        #expect(transcript.steps[0].items[0].item.status == .interrupted)
        #expect(transcript.steps[0].items[0].item.finishedAt != nil)
    }

    @Test("writes for records that do not exist, or with a non-final status, are refused with a code")
    func invalidWrites() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let missing = try #require(RunID("0000000000"))
        let noRun = await #expect(throws: StoreError.self) {
            try await store.startStep(runID: missing, name: "s", kind: .model)
        }
        #expect(noRun?.code == "store-missing-record")
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        let noStep = await #expect(throws: StoreError.self) {
            try await store.startItem(runID: run.id, step: "absent", index: 0)
        }
        #expect(noStep?.code == "store-missing-record")
        let notFinal = await #expect(throws: StoreError.self) {
            try await store.finishRun(run.id, status: .running)
        }
        #expect(notFinal?.code == "store-invalid-write")
        let noAttempt = await #expect(throws: StoreError.self) {
            try await store.finishAttempt(
                AttemptKey(runID: run.id, step: "s", number: 9), outcome: AttemptOutcome(status: .failed))
        }
        #expect(noAttempt?.code == "store-missing-record")
        let unknownRun = await #expect(throws: StoreError.self) { try await store.transcript(missing) }
        #expect(unknownRun?.code == "run-not-found")
    }

    @Test("cache entries round-trip and are replaced under the same key")
    func cacheEntries() async throws {
        let directory = try TemporaryDirectory()
        let store = try SluiceStore(at: directory.storeURL)
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.saveCacheEntries([
            CacheEntry(key: "abc", value: ["a": 1], createdAt: created, costUSD: 0.02, latency: .milliseconds(900))
        ])
        try await store.saveCacheEntries([
            CacheEntry(key: "abc", value: ["a": 2], createdAt: created, costUSD: 0.03, latency: .milliseconds(800))
        ])
        let entry = try #require(try await store.cacheEntry(forKey: "abc"))
        #expect(entry.value == ["a": 2])
        #expect(entry.costUSD == 0.03)
        #expect(entry.latency == .milliseconds(800))
        #expect(entry.createdAt == created)
    }
}
