import Foundation
import SluiceCore
import SluiceStore
import SluiceTestSupport
import Testing

/// The response cache as a user meets it: the built `sluice` against `sluice-mock-provider`,
/// counting the calls in the mock's request log.
@Suite(.timeLimit(.minutes(5)))
struct CacheEndToEndTests {
    static let fixtures = TestFixtures()

    static let modes = """
        steps:
          kept:
            model: openai/gpt-4.1-mini
            prompt: The kept step asks this.
          uncached:
            model: openai/gpt-4.1-mini
            cache: false
            prompt: The uncached step asks this.
        outputs:
          kept: steps.kept.output
          uncached: steps.uncached.output
        """

    static func prompts(_ requests: ArraySlice<JSONValue>) -> [String] {
        requests.map(LoopbackProject.prompt).sorted()
    }

    @Test func aSecondRunOfAnExampleMakesNoProviderCall() async throws {
        let project = try await LoopbackProject.start(
            pipelines: [:], config: "models:\n  fast: openai/gpt-4.1-mini\n  smart: openai/gpt-4.1\n")
        for folder in ["pipelines", "templates", "schemas"] {
            try? FileManager.default.removeItem(at: project.root.appendingPathComponent(folder))
            try FileManager.default.copyItem(
                at: Self.fixtures.repositoryRoot.appendingPathComponent(folder),
                to: project.root.appendingPathComponent(folder))
        }
        let first = try await project.sluice(["run", "triage", "--json", "--quiet"])
        #expect(first.status == 0, "\(first.standardError)")
        let calls = try project.requests().count
        #expect(calls >= 3, "the first run calls the mock for every ticket")

        let second = try await project.sluice(["run", "triage", "--json", "--quiet"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(try project.requests().count == calls, "the second run must make no provider call")
        let firstOutputs = try JSONValue(parsing: first.standardOutput).objectValue?["outputs"]
        let secondOutputs = try JSONValue(parsing: second.standardOutput).objectValue?["outputs"]
        #expect(firstOutputs != nil && firstOutputs == secondOutputs)

        let runID = try #require(try JSONValue(parsing: second.standardOutput).objectValue?["run"]?.stringValue)
        let show = try await project.sluice(["show", runID, "classify", "--item", "0"])
        #expect(show.standardOutput.contains("[from cache]"), "\(show.standardOutput)")
        let runs = try JSONValue(parsing: try await project.sluice(["runs", "--json"]).standardOutput)
        let newest = runs.arrayValue?.first?.objectValue
        #expect(newest?["id"]?.stringValue == runID)
        #expect(newest?["cost_usd"] == .double(0), "a cache hit is not billed to the run")
    }

    @Test func noCacheRefreshAndCacheFalseBehaveAsDocumented() async throws {
        let project = try await LoopbackProject.start(pipelines: ["modes": Self.modes])
        let kept = "The kept step asks this."
        let uncached = "The uncached step asks this."

        #expect(try await project.sluice(["run", "modes", "--quiet"]).status == 0)
        #expect(Self.prompts(try project.requests()[...]) == [kept, uncached])

        // A plain re-run: only the step with `cache: false` calls its model.
        #expect(try await project.sluice(["run", "modes", "--quiet"]).status == 0)
        #expect(Self.prompts(try project.requests()[2...]) == [uncached])

        // --refresh calls every model and keeps the new answers; `cache: false` is never written.
        #expect(try await project.sluice(["run", "modes", "--quiet", "--refresh"]).status == 0)
        #expect(Self.prompts(try project.requests()[3...]) == [kept, uncached])
        let listed = try JSONValue(parsing: try await project.sluice(["cache", "ls", "--json"]).standardOutput)
        #expect(listed.arrayValue?.map { $0.objectValue?["step"] } == [.string("kept")])
        #expect(try await project.sluice(["run", "modes", "--quiet"]).status == 0)
        #expect(Self.prompts(try project.requests()[5...]) == [uncached], "what --refresh wrote is read again")

        // --no-cache neither reads nor writes.
        #expect(try await project.sluice(["cache", "clear"]).standardOutput.contains("removed 1 cached answer"))
        #expect(try await project.sluice(["run", "modes", "--quiet", "--no-cache"]).status == 0)
        #expect(Self.prompts(try project.requests()[6...]) == [kept, uncached])
        let afterNoCache = try await project.sluice(["cache", "ls", "--json"])
        #expect(try JSONValue(parsing: afterNoCache.standardOutput).arrayValue?.isEmpty == true)

        let both = try await project.sluice(["run", "modes", "--no-cache", "--refresh"])
        #expect(both.status == 2)
        #expect(both.standardError.contains("--no-cache and --refresh"))
    }

    @Test func theCacheCommandsListShowClearAndPrune() async throws {
        let one = "steps:\n  ask:\n    model: openai/gpt-4.1-mini\n    prompt: Question from pipeline one.\n"
        let two = "steps:\n  ask:\n    model: openai/gpt-4.1-mini\n    prompt: Question from pipeline two.\n"
        let project = try await LoopbackProject.start(
            pipelines: ["one": one, "two": two], config: "cache: { ttl: 1h }\n")
        #expect(try await project.sluice(["run", "one", "--quiet"]).status == 0)
        #expect(try await project.sluice(["run", "two", "--quiet"]).status == 0)

        let table = try await project.sluice(["cache", "ls"])
        #expect(table.standardOutput.contains("KEY"), "\(table.standardOutput)")
        #expect(table.standardOutput.contains("2 entries"))
        let all = try JSONValue(parsing: try await project.sluice(["cache", "ls", "--json"]).standardOutput)
        let keys = all.arrayValue?.compactMap { $0.objectValue?["key"]?.stringValue } ?? []
        #expect(keys.count == 2)
        let onlyOne = try JSONValue(
            parsing: try await project.sluice(["cache", "ls", "--pipeline", "one", "--json"]).standardOutput)
        #expect(onlyOne.arrayValue?.count == 1)
        #expect(onlyOne.arrayValue?.first?.objectValue?["pipeline"] == "one")
        let oneKey = try #require(onlyOne.arrayValue?.first?.objectValue?["key"]?.stringValue)

        let shown = try await project.sluice(["cache", "show", String(oneKey.prefix(10)).uppercased()])
        #expect(shown.status == 0, "\(shown.standardError)")
        #expect(shown.standardOutput.contains(oneKey))
        #expect(shown.standardOutput.contains("Question from pipeline one."))
        #expect(shown.standardOutput.contains("openai/gpt-4.1-mini"))
        let unusedDigit = try #require("0123456789abcdef".first { digit in !keys.contains { $0.first == digit } })
        let missing = try await project.sluice(["cache", "show", String(unusedDigit)])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("[cache-key-not-found]"))
        let invalid = try await project.sluice(["cache", "show", "not-hex"])
        #expect(invalid.status == 2)
        #expect(invalid.standardError.contains("[cache-key-invalid]"))

        #expect(
            try await project.sluice(["cache", "clear", "--older-than", "1h"]).standardOutput.contains("removed 0"))
        let badDuration = try await project.sluice(["cache", "clear", "--older-than", "soon"])
        #expect(badDuration.status == 2)
        #expect(
            badDuration.standardError.hasPrefix("--older-than:1:1: error: invalid duration 'soon' [invalid-duration]"),
            "\(badDuration.standardError)")
        #expect(try await project.sluice(["cache", "clear", "--pipeline", "one"]).standardOutput.contains("removed 1"))
        let left = try JSONValue(parsing: try await project.sluice(["cache", "ls", "--json"]).standardOutput)
        #expect(left.arrayValue?.map { $0.objectValue?["pipeline"] } == [.string("two")])

        // An entry written two hours ago is past the 1h ttl: prune removes it, and not the fresh one.
        let store = try SluiceStore(at: project.root.appendingPathComponent(".sluice/sluice.db"))
        try await store.saveCacheEntries([
            CacheEntry(
                key: String(repeating: "a", count: 64), value: "old", createdAt: Date().addingTimeInterval(-7200))
        ])
        let pruned = try await project.sluice(["cache", "prune"])
        #expect(pruned.standardOutput.contains("removed 1 expired and 0 over the 256 MB cap; 1 left"), "\(pruned)")
        let capped = try await project.sluice(["cache", "prune", "--max-size-mb", "0"])
        #expect(capped.standardOutput.contains("removed 0 expired and 1 over the 0 MB cap; 0 left"), "\(capped)")
        #expect(try await project.sluice(["cache", "ls"]).standardOutput.contains("the cache is empty"))
    }
}
