import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// Runs the built `sluice` binary against `sluice-mock-provider` (and `local`) and checks what a
/// person sees while a run goes on: live text on stdout, the fan-out progress line on stderr,
/// restart markers, and how a terminal, `--quiet`, `NO_COLOR` and `TERM=dumb` change them.
///
/// Each run of the binary is waited for on a thread of its own (`offThePool`), so the tests hold
/// none of the cooperative pool's threads while the binary runs.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct LiveOutputEndToEndTests {
    static let fixtures = TestFixtures()
    static let key = "live-e2e-secret-5e0b7a91"

    /// A project folder with `sluice.yaml` holding `config` and each pipeline in `pipelines`.
    static func project(config: String, pipelines: [String: String], examples: Bool = false) throws -> URL {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-live-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        if examples {
            for name in ["pipelines", "templates", "schemas"] {
                try? FileManager.default.removeItem(at: root.appendingPathComponent(name))
                try FileManager.default.copyItem(
                    at: fixtures.repositoryRoot.appendingPathComponent(name), to: root.appendingPathComponent(name))
            }
        }
        try config.write(to: root.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in pipelines {
            try text.write(
                to: root.appendingPathComponent("pipelines/\(name).yaml"), atomically: true, encoding: .utf8)
        }
        return root
    }

    static func run(_ arguments: [String], in project: URL) async throws -> SluiceBinary.Outcome {
        try await offThePool { try SluiceBinary.run(arguments, in: project, environment: ["LIVE_KEY": key]) }
    }

    static func runInTerminal(
        _ arguments: [String], in project: URL, environment: [String: String] = [:]
    )
        async throws -> SluiceBinary.Outcome
    {
        try await offThePool { try SluiceBinary.runInTerminal(arguments, in: project, environment: environment) }
    }

    /// `text` with what changes from run to run masked: the run id, durations, rates and ETAs.
    static func mask(_ text: String, runID: String) -> String {
        var masked = text.replacingOccurrences(of: runID, with: "<run>")
        masked = masked.replacingOccurrences(
            of: #"\b\d+(\.\d+)?/s\b"#, with: "<rate>", options: .regularExpression)
        masked = masked.replacingOccurrences(of: #"ETA \S+"#, with: "ETA <eta>", options: .regularExpression)
        return masked.replacingOccurrences(of: #"\b\d+\.\d+s\b"#, with: "<duration>", options: .regularExpression)
    }

    static func runID(in standardError: String) throws -> String {
        let line = try #require(standardError.split(separator: "\n").first { $0.hasPrefix("run ") })
        return String(line.split(separator: " ")[1])
    }

    // MARK: - Goldens

    /// Tickets the mock classifies as two urgent ones and one not (its answers depend only on the
    /// prompt's length), so two replies stream.
    static let tickets = #"""
        tickets=[{"id":"T-1","body":"Our export failed."},{"id":"T-2","body":"Dark mode, please"},\#
        {"id":"T-3","body":"Our exports all failed."}]
        """#

    @Test("the triage example streams its replies on stdout with --stream against the mock (golden)")
    func streamedExampleGolden() async throws {
        let mock = try await MockProviderServer.launch(["--token-ms", "2"])
        let config = """
            providers:
              mock: { kind: openai, base_url: \(mock.baseURL)/v1, api_key_env: LIVE_KEY }
            models:
              fast: mock/gpt-4.1-mini
              smart: mock/gpt-4.1
            """
        let project = try Self.project(config: config, pipelines: [:], examples: true)
        defer { try? FileManager.default.removeItem(at: project) }
        // `--concurrency 1` lets one call through at a time, but the reply items' tasks all start
        // at once and reach it in whatever order the scheduler runs them, so on a loaded machine
        // item 2 could answer first. A window of one item starts each item after the one before
        // it has ended, in input order, which is the order the golden shows.
        let pipeline = project.appendingPathComponent("pipelines/triage.yaml")
        let example = try String(contentsOf: pipeline, encoding: .utf8)
        let oneAtATime = example.replacingOccurrences(
            of: "    stream: true\n", with: "    stream: true\n    concurrency: 1\n")
        try #require(oneAtATime != example, "the triage example's reply step no longer has 'stream: true'")
        try oneAtATime.write(to: pipeline, atomically: true, encoding: .utf8)
        let outcome = try await Self.run(
            ["run", "triage", "--stream", "--concurrency", "1", "-i", Self.tickets], in: project)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let runID = try Self.runID(in: outcome.standardError)
        try Self.fixtures.expectGolden(
            Self.mask(outcome.standardOutput, runID: runID), matches: "golden/live/triage-stream.stdout.txt")
        // Which reply item ends first (a skipped one, or the first call) may vary: its tokens are masked.
        let progress = Self.mask(outcome.standardError, runID: runID).replacingOccurrences(
            of: #"\d+ tokens"#, with: "<n> tokens", options: .regularExpression)
        try Self.fixtures.expectGolden(progress, matches: "golden/live/triage-stream.stderr.txt")
    }

    @Test("a fan-out's progress off a terminal: plain lines each tenth, with counts, tokens and cost (golden)")
    func plainProgressGolden() async throws {
        let mock = try await MockProviderServer.launch()
        let project = try Self.project(
            config: """
                providers:
                  mock: { kind: openai, base_url: \(mock.baseURL)/v1, api_key_env: LIVE_KEY }
                prices: { "mock/gpt-4.1-mini": { input: 400, output: 1600 } }
                """,
            pipelines: [
                "fan": """
                steps:
                  each:
                    for_each: inputs.items
                    concurrency: 1
                    model: mock/gpt-4.1-mini
                    prompt: "item {{ item }}"
                inputs:
                  items: { type: array }
                outputs:
                  count: steps.each.output | length
                """
            ])
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["run", "fan", "-i", "items=[1,2,3,4,5,6,7,8,9,10,11,12]"], in: project)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == "12\n")
        #expect(!outcome.standardError.contains("\u{1B}"))
        try Self.fixtures.expectGolden(
            Self.mask(outcome.standardError, runID: try Self.runID(in: outcome.standardError)),
            matches: "golden/live/fan-out-progress.txt")
    }

    // MARK: - Interleaving

    @Test("two streaming steps at once: each answer is printed whole under its header, never mixed")
    func parallelAnswersDoNotInterleave() async throws {
        let mock = try await MockProviderServer.launch(["--token-ms", "15"])
        let project = try Self.project(
            config: "providers:\n  mock: { kind: openai, base_url: \(mock.baseURL)/v1, api_key_env: LIVE_KEY }\n",
            pipelines: [
                "pair": """
                defaults: { model: mock/gpt-4.1-mini, stream: true }
                steps:
                  left: { prompt: "one two three four five six seven eight nine ten" }
                  right: { prompt: "alpha beta gamma delta epsilon zeta eta theta iota kappa" }
                outputs:
                  left: steps.left.output
                  right: steps.right.output
                """
            ])
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["run", "pair", "--stream"], in: project)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let left = "── left ──\nMock reply from gpt-4.1-mini: one two three four five six seven eight nine ten\n"
        let right =
            "── right ──\nMock reply from gpt-4.1-mini: alpha beta gamma delta epsilon zeta eta theta iota kappa\n"
        let outputs = "== left == (shown above)\n== right == (shown above)\n"
        #expect(
            outcome.standardOutput == left + right + outputs || outcome.standardOutput == right + left + outputs,
            "\(outcome.standardOutput)")
    }

    // MARK: - on_stream_error

    /// A project whose step streams from `broken` (a mock that cuts every stream short) and
    /// falls back to `healthy`.
    static func brokenStreamProject(
        broken: MockProviderServer, healthy: MockProviderServer, policy: String
    ) throws
        -> URL
    {
        try Self.project(
            config: """
                providers:
                  broken: { kind: openai, base_url: \(broken.baseURL)/v1, api_key_env: LIVE_KEY }
                  healthy: { kind: openai, base_url: \(healthy.baseURL)/v1, api_key_env: LIVE_KEY }
                """,
            pipelines: [
                "river": """
                steps:
                  answer:
                    model: [broken/gpt-4.1-mini, healthy/gpt-4.1]
                    retries: 0
                    stream: true
                    on_stream_error: \(policy)
                    prompt: Tell me about the river.
                outputs:
                  answer: steps.answer.output
                """
            ])
    }

    @Test("restart: a fallback after shown text prints a marker, streams the new answer, and show records it")
    func restartMarkerInTerminalAndTranscript() async throws {
        let broken = try await MockProviderServer.launch(["--fault-truncate", "1"])
        let healthy = try await MockProviderServer.launch()
        let project = try Self.brokenStreamProject(broken: broken, healthy: healthy, policy: "restart")
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["run", "river", "--stream"], in: project)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(
            outcome.standardOutput == """
                ── answer ──
                Mock reply from gpt-4.1-mini:
                ── restarted on healthy/gpt-4.1 after provider-stream-truncated ──
                Mock reply from gpt-4.1: Tell me about the river.

                """)
        let show = try await Self.run(["show", try Self.runID(in: outcome.standardError), "answer"], in: project)
        #expect(show.status == 0, "\(show.standardError)")
        #expect(
            show.standardOutput.contains(
                "stream-restarted: restarted the shown answer on healthy/gpt-4.1 after it broke off: "))
        #expect(show.standardOutput.contains("[provider-stream-truncated]"))
    }

    @Test("fail: shown text that breaks off fails the step with stream-interrupted; the fallback is never called")
    func failStopsTheStep() async throws {
        let broken = try await MockProviderServer.launch(["--fault-truncate", "1"])
        let healthy = try await MockProviderServer.launch()
        let project = try Self.brokenStreamProject(broken: broken, healthy: healthy, policy: "fail")
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["run", "river", "--stream"], in: project)
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "── answer ──\nMock reply from gpt-4.1-mini:\n")
        #expect(
            outcome.standardError.contains(
                "pipelines/river.yaml:2:3: error: the answer from broken/gpt-4.1-mini broke off"))
        #expect(outcome.standardError.contains("[stream-interrupted]"))
        #expect(!outcome.standardError.contains("fallback"))
        // Off a terminal and without --stream nothing is shown, so the same break is an invisible fallback.
        let quiet = try await Self.run(["run", "river"], in: project)
        #expect(quiet.status == 0, "\(quiet.standardError)")
        #expect(quiet.standardOutput == "Mock reply from gpt-4.1: Tell me about the river.\n")
    }

    // MARK: - Terminals

    static let storyProject = """
        steps:
          story:
            model: local/default
            stream: true
            prompt: Tell a short story.
          each:
            for_each: inputs.items
            concurrency: 1
            model: local/default
            prompt: "item {{ item }}"
        inputs:
          items: { type: array, default: [1, 2, 3, 4, 5] }
        outputs:
          story: steps.story.output
          count: steps.each.output | length
        """

    @Test("on a terminal: live text by default with a dimmed header, the progress line redrawn in place")
    func terminalDefaults() async throws {
        let project = try Self.project(config: "", pipelines: ["story": Self.storyProject])
        defer { try? FileManager.default.removeItem(at: project) }
        let screen = try await Self.runInTerminal(["run", "story", "--concurrency", "1"], in: project)
        #expect(screen.status == 0, "\(screen.standardOutput)")
        #expect(screen.standardOutput.contains("\u{1B}[2m── story ──\u{1B}[0m\n"))
        #expect(screen.standardOutput.contains("\r\u{1B}[2K  each  5/5"))
        #expect(screen.standardOutput.contains("\u{1B}[32mok\u{1B}[0m"))
        // The story was shown live, so the outputs do not print it again.
        #expect(screen.standardOutput.contains("== story == (shown above)\n== count ==\n5\n"))
    }

    @Test("NO_COLOR: no colour, but the progress line is still redrawn; --no-stream turns live text off")
    func noColor() async throws {
        let project = try Self.project(config: "", pipelines: ["story": Self.storyProject])
        defer { try? FileManager.default.removeItem(at: project) }
        let screen = try await Self.runInTerminal(["run", "story"], in: project, environment: ["NO_COLOR": "1"])
        #expect(screen.status == 0, "\(screen.standardOutput)")
        #expect(screen.standardOutput.contains("── story ──\n"))
        #expect(!screen.standardOutput.contains("\u{1B}[2m"))
        #expect(!screen.standardOutput.contains("\u{1B}[32m"))
        #expect(screen.standardOutput.contains("\r\u{1B}[2K  each  "))
        let off = try await Self.runInTerminal(["run", "story", "--no-stream"], in: project)
        #expect(!off.standardOutput.contains("── story ──"))
        #expect(off.standardOutput.contains("== story ==\n[synthetic"))
    }

    @Test("TERM=dumb: no escape sequence at all; progress comes as plain lines")
    func dumbTerminal() async throws {
        let project = try Self.project(config: "", pipelines: ["story": Self.storyProject])
        defer { try? FileManager.default.removeItem(at: project) }
        let screen = try await Self.runInTerminal(["run", "story"], in: project, environment: ["TERM": "dumb"])
        #expect(screen.status == 0, "\(screen.standardOutput)")
        #expect(!screen.standardOutput.contains("\u{1B}"))
        #expect(!screen.standardOutput.contains("\r"))
        #expect(screen.standardOutput.contains("── story ──\n"))
        #expect(screen.standardOutput.contains("\n  each  5/5  "))
    }

    @Test("--quiet on a terminal: no progress at all, the live text and outputs still shown")
    func quietTerminal() async throws {
        let project = try Self.project(config: "", pipelines: ["story": Self.storyProject])
        defer { try? FileManager.default.removeItem(at: project) }
        let screen = try await Self.runInTerminal(["run", "story", "--quiet"], in: project)
        #expect(screen.status == 0, "\(screen.standardOutput)")
        #expect(screen.standardOutput.hasPrefix("\u{1B}[2m── story ──\u{1B}[0m\n"))
        #expect(!screen.standardOutput.contains("each  "))
        #expect(!screen.standardOutput.contains("started"))
        #expect(!screen.standardOutput.contains("\r"))
        #expect(screen.standardOutput.hasSuffix("== story == (shown above)\n== count ==\n5\n"))
    }

    @Test("piped stdout: no live text unless --stream; --stream with --json is a usage error")
    func pipedOutput() async throws {
        let project = try Self.project(config: "", pipelines: ["story": Self.storyProject])
        defer { try? FileManager.default.removeItem(at: project) }
        let piped = try await Self.run(["run", "story"], in: project)
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardOutput.hasPrefix("== story ==\n[synthetic"))
        let mixed = try await Self.run(["run", "story", "--stream", "--json"], in: project)
        #expect(mixed.status == 2)
        #expect(mixed.standardError.contains("--stream cannot be used with --json"))
    }
}
