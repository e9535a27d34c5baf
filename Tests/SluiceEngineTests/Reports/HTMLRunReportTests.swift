import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTestSupport
import Testing

@testable import SluiceEngine

/// `sluice report`'s page, generated from runs recorded in a real store and read back the way a
/// browser would see its parts: sections, the embedded JSON, scripts, escaping and redaction.
@Suite(.timeLimit(.minutes(2)))
struct HTMLRunReportTests {
    /// A name that would run script if it reached the page as markup.
    static let hostile = "</script><img src=x onerror=alert(1)>"

    /// Records fixture pipeline `name` in a fresh store and returns its transcript.
    static func record(
        _ name: String, inputs: JSONObject = [:], providers: ProviderRegistry = EngineHarness.standardProviders,
        cache: any ResponseCache = NoResponseCache()
    ) async throws -> RunTranscript {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let run = try await PipelineRun.start(
            plan: try EngineHarness.plan(name), inputs: inputs, store: store,
            environment: ExecutionEnvironment(providers: providers, clock: SystemTimeSource(), cache: cache),
            options: RunOptions(workingDirectory: EngineHarness.projectRoot, retryPolicy: RetryPolicy(random: { 0 }))
        )
        let outcome = await run.complete()
        #expect(outcome.recordingFailure == nil)
        #expect(outcome.result.status == .succeeded, "\(outcome.result.failure?.description ?? "")")
        return try await store.transcript(run.runID)
    }

    static func dependencies(of name: String) throws -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: try EngineHarness.plan(name).steps.map { ($0.name, $0.dependencies) })
    }

    @Test func thePageHoldsEverySectionStepAndAttemptAndItsDataParses() async throws {
        let transcript = try await Self.record(
            "greeting", inputs: ["names": [.string(Self.hostile), "Grace", "Lin"]])
        let report = HTMLRunReport(
            redactor: SecretRedactor(), dependencies: try Self.dependencies(of: "greeting"), expandedItems: 1)
        let page = try ReportPage(report.render(transcript))

        #expect(page.sectionIDs == ["summary", "graph", "timeline", "steps"])
        #expect(page.elementIDs.contains("step-greet"))
        #expect(page.elementIDs.contains("step-count"))
        #expect(page.elementIDs.contains("item-greet-0"))
        #expect(!page.elementIDs.contains("item-greet-1"), "only the first item is written out in full")
        #expect(page.elementIDs.contains("pager-greet"))
        #expect(page.html.contains("<dd data-field=\"status\">succeeded</dd>"))
        #expect(page.html.contains("<dd data-field=\"exit\">0</dd>"))

        let steps = try #require(page.data.objectValue?["steps"]?.arrayValue)
        #expect(steps.compactMap { $0.objectValue?["name"]?.stringValue } == transcript.steps.map(\.step.name))
        let greet = try #require(steps.first?.objectValue)
        let items = try #require(greet["items"]?.arrayValue)
        #expect(items.count == 3)
        #expect(greet["output"] == .null, "a fan-out's output is its items' outputs, embedded once")
        #expect(items.allSatisfy { $0.objectValue?["duration_ms"]?.doubleValue != nil })
        let embeddedAttempts = steps.reduce(0) { count, step in
            count + (step.objectValue?["attempts"]?.arrayValue?.count ?? 0)
                + (step.objectValue?["items"]?.arrayValue ?? []).reduce(0) {
                    $0 + ($1.objectValue?["attempts"]?.arrayValue?.count ?? 0)
                }
        }
        let recordedAttempts = transcript.steps.reduce(0) {
            $0 + $1.attempts.count + $1.items.flatMap(\.attempts).count
        }
        #expect(recordedAttempts == 3)
        #expect(embeddedAttempts == recordedAttempts)
        #expect(page.data.objectValue?["report"]?.objectValue?["expanded_items"] == .integer(1))

        // The graph draws an arrow from greet to count, and count one column to the right.
        #expect(page.html.contains("<path class=\"edge\" data-from=\"greet\" data-to=\"count\""))
        // The timeline has a bar per step and one lane path for greet's items.
        #expect(page.html.components(separatedBy: "<g class=\"bar ").count - 1 == 2)
        #expect(page.html.contains("<g class=\"items\" data-step=\"greet\" data-items=\"3\">"))
    }

    @Test func userTextIsEscapedEverywhereAndTheDataBlockCannotBeClosedEarly() async throws {
        let transcript = try await Self.record("greeting", inputs: ["names": [.string(Self.hostile)]])
        let page = try ReportPage(HTMLRunReport(redactor: SecretRedactor()).render(transcript))
        #expect(!page.html.contains("<img"))
        #expect(!page.html.contains(Self.hostile))
        #expect(page.html.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
        // Exactly two scripts (the data and the code), each closed once.
        #expect(page.html.components(separatedBy: "<script").count - 1 == 2)
        #expect(page.html.components(separatedBy: "</script>").count - 1 == 2)
        // The embedded data still holds the text exactly.
        let item = page.data.objectValue?["steps"]?.arrayValue?.first?.objectValue?["items"]?.arrayValue?.first
        #expect(item?.objectValue?["input"] == .string(Self.hostile))
    }

    @Test func thePageFetchesNothing() async throws {
        let transcript = try await Self.record("greeting", inputs: ["names": ["Ada"]])
        let html = HTMLRunReport(redactor: SecretRedactor()).render(transcript)
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<link"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("@import"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none';"))
    }

    @Test func keysTheStoreMissedAreRedactedInThePageAndItsData() async throws {
        // Not shaped like any provider's key, so only the report's redactor can know it.
        let secret = "plainwordsecret0123456789"
        let transcript = try await Self.record("greeting", inputs: ["names": [.string(secret)]])
        let stored = RunTranscriptRenderer().jsonValue(transcript).formatted(.compact)
        #expect(stored.contains(secret), "the store kept it, so the report is what removes it")
        let page = try ReportPage(HTMLRunReport(redactor: SecretRedactor(knownSecrets: [secret])).render(transcript))
        #expect(!page.html.contains(secret))
        #expect(page.html.contains("Greet [REDACTED]."))
        #expect(!page.data.formatted(.compact).contains(secret))
    }

    @Test func retriesFallbacksAccountNotesAndProvenanceAreShownPerAttempt() async throws {
        let primary = ScriptedProvider(
            name: "primary", script: ["first": [.failure(.authentication, status: 401, message: "bad key")]])
        // Says its answers are synthetic: the report must label them from that, not from a name.
        let secondary = ScriptedProvider(
            name: "secondary", script: ["second": [.failure(.serverError, status: 500), .text("fine")]],
            producesSyntheticOutput: true)
        let transcript = try await Self.record(
            "chain",
            providers: ProviderRegistry(
                ["primary": primary, "secondary": secondary], settings: EngineHarness.config.providers))
        let answer = try #require(transcript.steps.first { $0.step.name == "answer" })
        #expect(answer.attempts.map(\.start.synthetic) == [false, true, true])
        let page = try ReportPage(
            HTMLRunReport(redactor: SecretRedactor(), dependencies: try Self.dependencies(of: "chain"))
                .render(transcript))
        #expect(page.html.contains("<strong>fell-back</strong>"))
        #expect(page.html.contains("<strong>retry-scheduled</strong> after 0ms"))
        #expect(page.html.contains("note-account-disabled"))
        #expect(page.html.contains("[provider-server-error]</pre>"))
        #expect(page.html.contains("data-attempt=\"1\" data-synthetic=\"false\""))
        #expect(page.html.contains("data-attempt=\"2\" data-synthetic=\"true\""))
        #expect(page.elementIDs.contains("synthetic-banner"))
        #expect(page.html.contains("<path class=\"edge\" data-from=\"answer\" data-to=\"again\""))
    }

    @Test func cacheHitsAreLabelledOnTheStepItsItemsAndEachAttempt() async throws {
        let cache = InMemoryResponseCache()
        _ = try await Self.record("greeting", inputs: ["names": ["Ada", "Grace"]], cache: cache)
        let transcript = try await Self.record("greeting", inputs: ["names": ["Ada", "Grace"]], cache: cache)
        #expect(cache.hits == 2)
        let page = try ReportPage(HTMLRunReport(redactor: SecretRedactor()).render(transcript))
        #expect(page.html.components(separatedBy: "data-from-cache=\"true\"").count - 1 == 2)
        #expect(!page.html.contains("data-from-cache=\"false\""))
        #expect(page.html.contains("<dd data-field=\"attempts\">2 (2 from cache, 0 failed)</dd>"))
        let greet = try #require(page.data.objectValue?["steps"]?.arrayValue?.first?.objectValue)
        let attempts = (greet["items"]?.arrayValue ?? []).flatMap { $0.objectValue?["attempts"]?.arrayValue ?? [] }
        #expect(attempts.map { $0.objectValue?["from_cache"] } == [.bool(true), .bool(true)])
    }

    @Test func theGraphPutsEachStepOneColumnRightOfItsDeepestDependency() {
        let layout = StepGraphLayout(
            steps: ["fetch", "classify", "reply", "digest", "alone"],
            dependencies: ["classify": ["fetch"], "reply": ["classify"], "digest": ["classify", "reply", "gone"]])
        #expect(layout.nodes.map(\.column) == [0, 1, 2, 3, 0])
        #expect(layout.nodes.map(\.row) == [0, 0, 0, 0, 1])
        #expect(layout.edges.count == 4, "the edge to a step the run lacks is dropped")
        let looped = StepGraphLayout(steps: ["a", "b"], dependencies: ["a": ["b"], "b": ["a"]])
        #expect(looped.nodes.count == 2)
    }

    @Test func identifiersKeepPlainNamesAndNeverCollide() {
        #expect(HTMLText.identifier("draft_reply-2") == "draft_reply-2")
        #expect(HTMLText.identifier("a b") != HTMLText.identifier("a.b"))
        #expect(HTMLText.identifier("é\"<").allSatisfy { $0.isASCII && $0 != "\"" && $0 != "<" })
    }
}
