import Foundation
import SluiceCore
import SluiceStore
import SluiceTestSupport
import Testing

/// `sluice resume` as a user meets it: the built `sluice` against `sluice-mock-provider`, runs
/// killed with SIGKILL or failed, then resumed, with the mock's request log as the witness of
/// what was asked twice.
@Suite(.timeLimit(.minutes(5)))
struct ResumeEndToEndTests {
    static func fanOut(items: Int) -> String {
        """
        inputs:
          items: { type: array, default: [\((0..<items).map(String.init).joined(separator: ", "))] }
        steps:
          ask:
            for_each: inputs.items
            as: n
            concurrency: 10
            model: openai/gpt-4.1-mini
            prompt: "Kill test item {{ n }}."
        outputs:
          answers: steps.ask.output
        """
    }

    /// The item a logged request was for, from its prompt.
    static func item(of request: JSONValue) -> Int? {
        let prompt = LoopbackProject.prompt(of: request)
        guard prompt.hasPrefix("Kill test item ") else { return nil }
        return Int(prompt.dropFirst("Kill test item ".count).dropLast())
    }

    /// The items of `step` that the store records as succeeded, read as `sluice show` reads them.
    static func succeededItems(_ store: SluiceStore, run: RunID, step: String) async throws -> Set<Int> {
        let transcript = try await store.transcript(run)
        let items = transcript.steps.first { $0.step.name == step }?.items ?? []
        return Set(items.filter { $0.item.status == .succeeded }.map(\.item.index))
    }

    /// Ten `kill -9`s, each once the mock has answered a random 1 to 8 more requests. The mock
    /// answers after 200 ms and the fan-out holds 10 items in flight, so the run makes at most
    /// about 50 requests a second: slow enough that a kill arriving late on a loaded machine still
    /// finds work left, fast enough to keep the test near 15 s.
    @Test func killedAtRandomMomentsTheRunResumesWithoutAskingForFinishedItemsAgain() async throws {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let seed = UInt64(ProcessInfo.processInfo.environment["SLUICE_KILL_SEED"] ?? "") ?? 20_261_130
        var random = SeededRandom(seed: seed)
        let project = try await LoopbackProject.start(
            pipelines: ["fanout": Self.fanOut(items: 200)], mockArguments: ["--ttft-ms", "200", "--token-ms", "1"])
        let storeURL = project.root.appendingPathComponent(".sluice/sluice.db")

        struct Kill {
            var logged: Int
            var succeeded: Set<Int>
        }
        var kills: [Kill] = []
        var runID: RunID?
        while kills.count < 10 {
            let arguments =
                runID.map { ["resume", $0.rawValue, "--quiet", "--no-cache"] }
                ?? ["run", "fanout", "--quiet", "--no-cache"]
            let before = try project.requests().count
            let target = before + 1 + random.next(below: 8)
            let (process, _, _) = SluiceBinary.process(
                arguments, in: project.root, environment: LoopbackProject.keys)
            try process.run()
            // The waiting thread kills as soon as the log has grown, without waiting for a
            // thread of the cooperative pool, which a loaded test run may keep busy for seconds.
            let reached = try await offThePool {
                let reached = try FileWatch.wait(in: project.requestLog.path) { text in
                    text.split(separator: "\n").count >= target || !process.isRunning
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return reached
            }
            #expect(reached, "seed \(seed): the run neither made \(target) requests nor ended")
            #expect(
                process.terminationReason == .uncaughtSignal,
                "seed \(seed): kill \(kills.count + 1) came after the run ended; lower the kill moments")
            let store = try await offThePool { try SluiceStore(at: storeURL) }
            let id = try #require(try await store.runs(limit: 1).first?.id)
            runID = id
            kills.append(
                Kill(
                    logged: try project.requests().count,
                    succeeded: try await Self.succeededItems(store, run: id, step: "ask")))
            let listed = try JSONValue(parsing: try await project.sluice(["runs", "--json"]).standardOutput)
            #expect(
                listed.arrayValue?.first?.objectValue?["status"] == "interrupted",
                "seed \(seed): a run whose process was killed lists as interrupted")
        }
        let id = try #require(runID)
        let final = try await project.sluice(["resume", id.rawValue, "--quiet", "--no-cache", "--json"])
        #expect(final.status == 0, "seed \(seed): \(final.standardError)")
        #expect(!final.standardError.contains("not fully recorded"), "\(final.standardError)")
        let output = try JSONValue(parsing: final.standardOutput)
        #expect(output.objectValue?["run"]?.stringValue == id.rawValue, "resume records into the same run")
        let answers = output.objectValue?["outputs"]?.objectValue?["answers"]?.arrayValue ?? []
        #expect(answers.count == 200)
        #expect(
            answers.enumerated().allSatisfy { index, answer in
                answer.stringValue?.hasSuffix("Kill test item \(index).") == true
            }, "answers stay in input order")

        let requests = try project.requests()
        for (number, kill) in kills.enumerated() {
            let askedAgain = Set(requests[kill.logged...].compactMap(Self.item)).intersection(kill.succeeded)
            #expect(
                askedAgain.isEmpty,
                "seed \(seed): after kill \(number + 1), items already recorded as succeeded were asked again: \(askedAgain.sorted())"
            )
        }
        #expect(kills.last.map { $0.succeeded.count < 200 } == true, "the last kill left work to resume")
        let store = try SluiceStore(at: storeURL)
        #expect(try await Self.succeededItems(store, run: id, step: "ask") == Set(0..<200))
        #expect(try await store.run(id).status == .succeeded)
    }

    @Test func aFailedRunResumesOnlyWhatFailedNumberingAttemptsOnAndRefusesAChangedPlan() async throws {
        let failing = """
            inputs:
              items: { type: array, default: [a, b, c] }
            steps:
              ask:
                for_each: inputs.items
                as: x
                model: openai/gpt-4.1-mini
                prompt: "Answer {{ x }}{% if x == 'b' %} [mock:fault=400]{% endif %}"
            outputs:
              answers: steps.ask.output
            """
        let project = try await LoopbackProject.start(pipelines: ["flaky": failing])
        let first = try await project.sluice(["run", "flaky", "--json", "--quiet"])
        #expect(first.status == 1)
        let id = try #require(try JSONValue(parsing: first.standardOutput).objectValue?["run"]?.stringValue)
        #expect(try project.requests().count == 3)

        let stillFailing = try await project.sluice(["resume", String(id.prefix(6)), "--quiet"])
        #expect(stillFailing.status == 1)
        #expect(try project.requests()[3...].map(LoopbackProject.prompt) == ["Answer b [mock:fault=400]"])

        // `resume` checks the options it shares with `run` as `run` does, before calling anything.
        let contradictory = try await project.sluice(["resume", id, "--stream", "--json"])
        #expect(contradictory.status == 2)
        #expect(contradictory.standardError.contains("--stream cannot be used with --json"))
        let noConcurrency = try await project.sluice(["resume", id, "--concurrency", "0"])
        #expect(noConcurrency.status == 2)
        #expect(noConcurrency.standardError.contains("--concurrency must be at least 1"))
        let badTimeout = try await project.sluice(["resume", id, "--timeout", "soon"])
        #expect(badTimeout.status == 2)
        #expect(try project.requests().count == 4)

        try project.write(failing.replacingOccurrences(of: " [mock:fault=400]", with: ""), to: "pipelines/flaky.yaml")
        let fixed = try await project.sluice(["resume", id, "--json", "--quiet"])
        #expect(fixed.status == 0, "\(fixed.standardError)")
        #expect(try project.requests()[4...].map(LoopbackProject.prompt) == ["Answer b"])
        let answers = try JSONValue(parsing: fixed.standardOutput).objectValue?["outputs"]?.objectValue?["answers"]
        #expect(answers?.arrayValue?.count == 3)
        let show = try JSONValue(
            parsing: try await project.sluice(["show", id, "ask", "--item", "1", "--json"]).standardOutput)
        let attempts =
            show.objectValue?["steps"]?.arrayValue?.first?.objectValue?["items"]?.arrayValue?.first?
            .objectValue?["attempts"]?.arrayValue ?? []
        #expect(attempts.map { $0.objectValue?["number"] } == [1, 2, 3], "attempts continue across resumes")
        #expect(attempts.map { $0.objectValue?["status"] } == ["failed", "failed", "succeeded"])
        let whole = try await project.sluice(["show", id])
        #expect(whole.standardOutput.contains("resumed"), "\(whole.standardOutput)")

        let again = try await project.sluice(["resume", id])
        #expect(again.status == 2)
        #expect(again.standardError.contains("[resume-nothing-to-do]"))

        // A run of the failing pipeline, then a step added: its finished work no longer fits.
        try project.write(failing, to: "pipelines/flaky.yaml")
        let second = try await project.sluice(["run", "flaky", "--json", "--quiet"])
        let secondID = try #require(try JSONValue(parsing: second.standardOutput).objectValue?["run"]?.stringValue)
        try project.write(
            failing.replacingOccurrences(of: "outputs:", with: "  after:\n    template: done\noutputs:"),
            to: "pipelines/flaky.yaml")
        let changed = try await project.sluice(["resume", secondID])
        #expect(changed.status == 2)
        #expect(changed.standardError.contains("[resume-plan-changed]"), "\(changed.standardError)")
        #expect(changed.standardError.contains("sluice run flaky"))
    }

    @Test func aRunStillInProgressIsNotResumed() async throws {
        let slow = "steps:\n  ask:\n    model: openai/gpt-4.1-mini\n    prompt: Take your time.\n"
        let project = try await LoopbackProject.start(pipelines: ["slow": slow], mockArguments: ["--ttft-ms", "20000"])
        let (process, _, _) = SluiceBinary.process(
            ["run", "slow", "--quiet"], in: project.root, environment: LoopbackProject.keys)
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The run exists once its step has started; the store is read through `sluice runs`.
        let storePath = project.root.appendingPathComponent(".sluice/sluice.db").path
        #expect(
            try await offThePool {
                try FileWatch.wait(in: storePath) { _ in FileManager.default.fileExists(atPath: storePath) }
            })
        var listed: JSONValue = .array([])
        for _ in 0..<50 where listed.arrayValue?.isEmpty != false {
            listed = try JSONValue(parsing: try await project.sluice(["runs", "--json"]).standardOutput)
        }
        let id = try #require(listed.arrayValue?.first?.objectValue?["id"]?.stringValue)
        let refused = try await project.sluice(["resume", id])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("[resume-still-running]"), "\(refused.standardError)")
        #expect(refused.standardError.contains("pid \(process.processIdentifier)"))
    }
}
