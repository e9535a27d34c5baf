import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// Runs the built `sluice` binary (`swift build --build-tests` puts it beside the test bundle)
/// on real project folders, as a user would.
@Suite(.timeLimit(.minutes(5)))
struct CommandLineRunTests {
    typealias Outcome = SluiceBinary.Outcome

    static let fixtures = TestFixtures()

    /// A fresh copy of the fixture project (or of the repository's example project) in a temporary folder.
    static func temporaryProject(examples: Bool = false) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = examples ? fixtures.repositoryRoot : fixtures.url("project")
        for name in ["sluice.yaml", "pipelines", "templates", "schemas"] {
            let from = source.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: from.path) {
                try FileManager.default.copyItem(at: from, to: folder.appendingPathComponent(name))
            }
        }
        return folder
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Outcome {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        return try SluiceBinary.run(arguments, in: directory, environment: environment)
    }

    /// ``run(_:in:environment:)`` on a thread of its own (see `offThePool`), for async tests: a
    /// run that takes seconds on a loaded machine holds no thread of the cooperative pool.
    @discardableResult
    static func runOffThePool(_ arguments: [String], in directory: URL) async throws -> Outcome {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        return try await offThePool { try SluiceBinary.run(arguments, in: directory) }
    }

    static func runID(from outcome: Outcome) throws -> String {
        let json = try JSONValue(parsing: outcome.standardOutput)
        return try #require(json.objectValue?["run"]?.stringValue)
    }

    // MARK: - Runs and exit codes

    @Test func theExamplesRunOnLocalFromAFreshCopy() throws {
        let project = try Self.temporaryProject(examples: true)
        defer { try? FileManager.default.removeItem(at: project) }
        let summarise = try Self.run(["run", "summarise"], in: project)
        #expect(summarise.status == 0, "\(summarise.standardError)")
        #expect(summarise.standardOutput.contains("== summaries =="))
        #expect(summarise.standardOutput.contains("== brief =="))
        #expect(summarise.standardOutput.contains("[synthetic]"))
        #expect(summarise.standardError.contains("ok extract"))
        let triage = try Self.run(["run", "triage", "--json", "--quiet"], in: project)
        #expect(triage.status == 0, "\(triage.standardError)")
        #expect(triage.standardError.isEmpty)
        let json = try JSONValue(parsing: triage.standardOutput)
        #expect(json.objectValue?["status"] == .string("succeeded"))
        #expect(json.objectValue?["outputs"]?.objectValue?["classifications"]?.arrayValue?.count == 3)
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(".sluice/sluice.db").path))
    }

    @Test func exitCodes() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let success = try Self.run(["run", "greeting"], in: project)
        #expect(success.status == 0, "\(success.standardError)")
        #expect(success.standardOutput == "2 greetings\n")

        let failed = try Self.run(["run", "failing"], in: project)
        #expect(failed.status == 1)
        #expect(failed.standardOutput.isEmpty)
        #expect(failed.standardError.contains("FAILED broken"))
        #expect(failed.standardError.contains("disk full"))

        let missing = try Self.run(["run", "commands"], in: project)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("[missing-input]"))

        let unknownInput = try Self.run(["run", "greeting", "-i", "nmes=[]"], in: project)
        #expect(unknownInput.status == 2)
        #expect(unknownInput.standardError.contains("did you mean 'names'"))

        let invalid = try Self.run(["run", "greeting", "-i", "names=3"], in: project)
        #expect(invalid.status == 2)
        #expect(invalid.standardError.contains("[invalid-input]"))

        let unknownPipeline = try Self.run(["run", "greetings"], in: project)
        #expect(unknownPipeline.status == 2)

        let usage = try Self.run(["run", "greeting", "--concurrency", "0"], in: project)
        #expect(usage.status == 2)
        // A duration past ten years is refused at the option, before anything runs; the longest accepted one runs.
        let hugeTimeout = try Self.run(["run", "greeting", "--timeout", "9223372036854775807s"], in: project)
        #expect(hugeTimeout.status == 2)
        #expect(
            hugeTimeout.standardError.hasPrefix(
                "--timeout:1:1: error: duration '9223372036854775807s' is too long [invalid-duration]\n"),
            "\(hugeTimeout.standardError)")
        let longestTimeout = try Self.run(["run", "greeting", "--timeout", "87600h"], in: project)
        #expect(longestTimeout.status == 0, "\(longestTimeout.standardError)")
        let badFlag = try Self.run(["run", "greeting", "--no-such-flag"], in: project)
        #expect(badFlag.status == 2)
    }

    @Test func inputsComeFromFilesAndFlags() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let inputs = project.appendingPathComponent("inputs.json")
        try Data(#"{"names": ["Lin", "Kay", "Bo"]}"#.utf8).write(to: inputs)
        let fromFile = try Self.run(["run", "greeting", "--inputs", "inputs.json"], in: project)
        #expect(fromFile.status == 0, "\(fromFile.standardError)")
        #expect(fromFile.standardOutput == "3 greetings\n")
        let overridden = try Self.run(
            ["run", "greeting", "--inputs", "inputs.json", "-i", #"names=["A"]"#], in: project)
        #expect(overridden.standardOutput == "1 greetings\n")
        try Data("a value from a file".utf8).write(to: project.appendingPathComponent("value.txt"))
        try Data("{\"names\": [".utf8).write(to: project.appendingPathComponent("broken.json"))
        let broken = try Self.run(["run", "greeting", "--inputs", "broken.json"], in: project)
        #expect(broken.status == 2)
        #expect(broken.standardError.contains("broken.json:1:"))
        #expect(broken.standardError.contains("[invalid-input]"))
        let atFile = try Self.run(["run", "commands", "-i", "value=@value.txt", "--json"], in: project)
        #expect(atFile.status == 0, "\(atFile.standardError)")
        let json = try JSONValue(parsing: atFile.standardOutput)
        #expect(json.objectValue?["outputs"]?.objectValue?["piped"] == .string("a value from a file"))
    }

    @Test func failFastCancelsTheOtherBranch() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try Self.run(["run", "failfast", "--fail-fast", "--json"], in: project)
        #expect(outcome.status == 1)
        let id = try Self.runID(from: outcome)
        let show = try Self.run(["show", id, "--json"], in: project)
        let steps = try #require(try JSONValue(parsing: show.standardOutput).objectValue?["steps"]?.arrayValue)
        let statuses = Dictionary(
            uniqueKeysWithValues: steps.compactMap { step -> (String, String)? in
                guard let name = step.objectValue?["name"]?.stringValue,
                    let status = step.objectValue?["status"]?.stringValue
                else { return nil }
                return (name, status)
            })
        #expect(statuses == ["broken": "failed", "waiting": "cancelled"])
    }

    @Test func ctrlCInterruptsTheRunAndRecordsIt() async throws {
        // The model call goes to a mock that answers one token of a stream and then goes silent,
        // and SIGINT is sent once the mock's request log shows the call: the attempt has started
        // (it is emitted before the request is sent), so it must be recorded as interrupted.
        // "started waiting" on stderr comes too early: the step starts before its attempt does.
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let requestLog = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-ctrl-c-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: requestLog) }
        let mock = try await MockProviderServer.launch(["--request-log", requestLog.path, "--fault-stall", "1"])
        defer { mock.stop() }
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try "providers:\n  openai: { base_url: \(mock.baseURL)/v1 }\n".write(
            to: project.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        try "steps:\n  waiting: { model: openai/gpt-4.1-mini, prompt: hello, stream: true, retries: 0 }\n".write(
            to: project.appendingPathComponent("pipelines/stall.yaml"), atomically: true, encoding: .utf8)
        let (process, output, error) = SluiceBinary.process(
            ["run", "stall"], in: project, environment: ["OPENAI_API_KEY": "sk-test-ctrl-c"])
        try process.run()
        let called = try await offThePool { try FileWatch.wait(for: "\n", in: requestLog.path) }
        try #require(called, "the mock never received the model call")
        kill(process.processIdentifier, SIGINT)
        let seen = try await offThePool {
            let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            _ = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return errorText
        }
        #expect(process.terminationStatus == 130, "\(seen)")
        #expect(seen.contains("interrupted"))

        let runs = try await Self.runOffThePool(["runs", "--json"], in: project)
        let list = try #require(try JSONValue(parsing: runs.standardOutput).arrayValue)
        #expect(list.count == 1)
        #expect(list.first?.objectValue?["status"] == .string("interrupted"))
        let id = try #require(list.first?.objectValue?["id"]?.stringValue)
        let show = try await Self.runOffThePool(["show", id, "waiting"], in: project)
        #expect(show.standardOutput.contains("attempt 1  openai/gpt-4.1-mini  interrupted"), "\(show.standardOutput)")
    }

    @Test func sigtermInterruptsTooAndStopsCommands() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Data(
            """
            steps:
              sleeper:
                run: sleep 600
            """.utf8
        ).write(to: project.appendingPathComponent("pipelines/sleeper.yaml"))
        let (process, output, error) = SluiceBinary.process(["run", "sleeper"], in: project)
        try process.run()
        #expect(SluiceBinary.read(error, until: "started sleeper").contains("started sleeper"))
        kill(process.processIdentifier, SIGTERM)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        _ = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
    }

    // MARK: - runs and show

    @Test func runsListsNewestFirstAndFilters() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.run(["run", "greeting", "--quiet"], in: project)
        try Self.run(["run", "conditions", "--quiet"], in: project)
        let all = try #require(
            try JSONValue(parsing: Self.run(["runs", "--json"], in: project).standardOutput).arrayValue)
        #expect(all.compactMap { $0.objectValue?["pipeline"]?.stringValue } == ["conditions", "greeting"])
        let filtered = try #require(
            try JSONValue(parsing: Self.run(["runs", "--pipeline", "greeting", "--json"], in: project).standardOutput)
                .arrayValue)
        #expect(filtered.count == 1)
        let limited = try #require(
            try JSONValue(parsing: Self.run(["runs", "--limit", "1", "--json"], in: project).standardOutput).arrayValue)
        #expect(limited.count == 1)
        let table = try Self.run(["runs"], in: project)
        #expect(table.standardOutput.hasPrefix("ID"))
        #expect(table.standardOutput.contains("succeeded"))
    }

    @Test func showMatchesItsGoldenFiles() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try Self.run(["run", "greeting", "--json"], in: project)
        #expect(run.status == 0)
        let id = try Self.runID(from: run)
        let prefix = String(id.prefix(6)).uppercased()
        let cases: [(String, [String])] = [
            ("show-run.txt", ["show", prefix]),
            ("show-step.txt", ["show", prefix, "greet"]),
            ("show-item.txt", ["show", prefix, "greet", "--item", "1"]),
        ]
        for (golden, arguments) in cases {
            let outcome = try Self.run(arguments, in: project)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            try Self.fixtures.expectGolden(
                ShowOutputMask.mask(outcome.standardOutput, runID: id), matches: "golden/" + golden)
        }
        let json = try JSONValue(
            parsing: Self.run(["show", id, "greet", "--item", "0", "--json"], in: project).standardOutput)
        let item = json.objectValue?["steps"]?.arrayValue?.first?.objectValue?["items"]?.arrayValue
        #expect(item?.count == 1)
        #expect(item?.first?.objectValue?["attempts"]?.arrayValue?.first?.objectValue?["synthetic"] == .bool(true))

        let missing = try Self.run(["show", "zzzzzzzz"], in: project)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("[run-not-found]"))
        let badStep = try Self.run(["show", id, "gret"], in: project)
        #expect(badStep.status == 2)
        #expect(badStep.standardError.contains("did you mean 'greet'"))
    }

    @Test func aConfiguredProvidersKeyNeverReachesTheStore() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        // Not shaped like any known key: only the known-secret list can catch it.
        let key = "plainwordsecret0123456789"
        let run = try Self.run(
            ["run", "greeting", "-i", #"names=["\#(key)"]"#, "--json"], in: project,
            environment: ["PRIMARY_API_KEY": key])
        #expect(run.status == 0, "\(run.standardError)")
        let database = project.appendingPathComponent(".sluice/sluice.db")
        let bytes =
            try Data(contentsOf: database)
            + ((try? Data(contentsOf: URL(fileURLWithPath: database.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(key.utf8)) == nil)
        #expect(bytes.range(of: Data("[REDACTED]".utf8)) != nil)
    }

    @Test func promptRendersADependentStepFromARecordedRun() throws {
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let refused = try Self.run(["prompt", "greeting", "count"], in: project)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--run RUN"))
        let run = try Self.run(["run", "greeting", "--json"], in: project)
        let id = try Self.runID(from: run)
        let prompt = try Self.run(["prompt", "greeting", "count", "--run", id], in: project)
        #expect(prompt.status == 0, "\(prompt.standardError)")
        #expect(prompt.standardOutput == "--- template ---\n2 greetings\n")
    }

    @Test func aTemplateStepStopsAtItsTimeout() async throws {
        // Nine million loop turns take seconds; the step allows 50 ms. The render checks for
        // cancellation at every turn, so the step fails at its timeout instead of finishing.
        let project = try Self.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try await Self.runOffThePool(["run", "longtemplate", "--json"], in: project)
        #expect(run.status == 1, "\(run.standardError)")
        let error = try JSONValue(parsing: run.standardOutput).objectValue?["error"]?.objectValue
        #expect(error?["code"] == "step-timeout")
        #expect(error?["message"]?.stringValue?.contains("within its timeout of 50ms") == true)
    }
}
