import Foundation
import FoundationXML
import SluiceCore
import SluiceTestSupport
import Testing

/// `sluice test` run as a user runs it: the built binary on real project folders, its exit
/// codes, its readable results and its JUnit XML read back with libxml2 (FoundationXML).
@Suite(.timeLimit(.minutes(5)))
struct TestCommandTests {
    static let fixtures = TestFixtures()

    /// A fresh copy of `Fixtures/tested` in a temporary folder.
    static func testedProject() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-test-\(UUID())")
        try FileManager.default.copyItem(at: fixtures.url("tested"), to: folder)
        return folder
    }

    /// Runs the binary on a thread of its own (see `offThePool`): a child process that takes
    /// seconds on a loaded machine holds none of the cooperative pool's threads.
    static func run(_ arguments: [String], in directory: URL) async throws -> SluiceBinary.Outcome {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        return try await offThePool { try SluiceBinary.run(arguments, in: directory) }
    }

    /// The JUnit file at `url`, parsed and validated against `Fixtures/junit.dtd` by libxml2, and
    /// its root `<testsuites>` element.
    static func junit(at url: URL) throws -> XMLElement {
        try junit(text: try String(contentsOf: url, encoding: .utf8))
    }

    /// A JUnit report's text, parsed and validated against `Fixtures/junit.dtd` by libxml2, and
    /// its root `<testsuites>` element.
    static func junit(text: String) throws -> XMLElement {
        // The report names no DTD; the fixture's is put in as the internal subset and libxml2
        // validates the document against it while parsing.
        let declaration = try #require(text.firstRange(of: "?>\n"))
        let dtd = try fixtures.text("junit.dtd")
        let withDoctype =
            String(text[..<declaration.upperBound]) + "<!DOCTYPE testsuites [\n\(dtd)]>\n"
            + String(text[declaration.upperBound...])
        let document = try XMLDocument(xmlString: withDoctype, options: [.documentValidate])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        return root
    }

    static func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attribute(forName: name)?.stringValue
    }

    // MARK: - Exit codes

    @Test func passingCasesExitZeroAndListEveryCase() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["test", "greeting"], in: project)
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "greeting")
        #expect(lines.contains { $0.hasPrefix("  PASS  default name  (") })
        #expect(lines.contains { $0.hasPrefix("  PASS  another name  (") })
        #expect(lines.last == "2 cases in 1 pipeline: 2 passed, 0 failed")
        #expect(outcome.standardError.isEmpty)
    }

    @Test func runsHidesTestRunsUnlessAskedAndNamesTheirCases() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try await Self.run(["test", "greeting"], in: project).status == 0)
        let onlyTests = try await Self.run(["runs"], in: project)
        #expect(onlyTests.status == 0, "\(onlyTests.standardError)")
        #expect(onlyTests.standardOutput == "no runs yet other than test runs; 'sluice runs --tests' lists those\n")

        let real = try await Self.run(["run", "greeting", "--json"], in: project)
        #expect(real.status == 0, "\(real.standardError)")
        let realID = try #require(try JSONValue(parsing: real.standardOutput)["run"]?.stringValue)
        func listed(_ arguments: [String]) async throws -> [(id: String, testCase: String?)] {
            let outcome = try await Self.run(["runs", "--json"] + arguments, in: project)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            return try (JSONValue(parsing: outcome.standardOutput).arrayValue ?? []).map {
                ($0["id"]?.stringValue ?? "", $0["test_case"]?.stringValue)
            }
        }
        #expect(try await listed([]).map(\.id) == [realID])
        let tests = try await listed(["--tests"])
        #expect(Set(tests.compactMap(\.testCase)) == ["default name", "another name"])
        #expect(tests.count == 2)
        let all = try await listed(["--all"])
        #expect(all.count == 3)
        #expect(all.first.map { $0.id == realID && $0.testCase == nil } == true, "newest first, unmarked")

        let table = try await Self.run(["runs", "--all"], in: project)
        let header = table.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("ID") && header.contains("PIPELINE  CASE") && header.contains("STATUS"), "\(header)")
        #expect(table.standardOutput.contains("another name"))
        let contradictory = try await Self.run(["runs", "--tests", "--all"], in: project)
        #expect(contradictory.status == 2)
    }

    @Test func aFailingCaseExitsOneAndSaysWhereWhatAndWhy() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["test", "mistaken"], in: project)
        #expect(outcome.status == 1, "\(outcome.standardError)")
        let runIDs = try Regex(#"sluice show (\S+)"#)
        let ids = outcome.standardOutput.matches(of: runIDs).map { String($0.output[1].substring ?? "") }
        #expect(ids.count == 2)
        var masked = ShowOutputMask.mask(outcome.standardOutput, runID: ids.first ?? "")
        masked = ShowOutputMask.mask(masked, runID: ids.last ?? "")
        try Self.fixtures.expectGolden(masked, matches: "golden/test-mistaken.txt")

        // The failed case's run is in the store, labelled with its case, for review.
        let show = try await Self.run(["show", try #require(ids.first)], in: project)
        #expect(show.status == 0, "\(show.standardError)")
        #expect(show.standardOutput.contains("test case 'wrong greeting & <markup>' (pipelines/mistaken.yaml:20:3)"))
    }

    @Test func aBrokenTestsSectionExitsTwoWithLocatedDiagnosticsAndRunsNothing() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let broken = """
            steps:
              hello:
                template: "Hello!"
            outputs:
              greeting: steps.hello.output
            tests:
              typo:
                expect:
                  - output: greting
                    equals: "Hello!"
                  - step: hello
                    regex: '(unclosed'
            """
        try broken.write(to: project.appendingPathComponent("pipelines/broken.yaml"), atomically: true, encoding: .utf8)
        let junit = project.appendingPathComponent("results.xml")
        let outcome = try await Self.run(["test", "--junit", junit.path], in: project)
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(
            outcome.standardError.contains(
                "pipelines/broken.yaml:9:17: error: the pipeline has no output 'greting' [unknown-output]"))
        #expect(outcome.standardError.contains("did you mean 'greeting'?"))
        #expect(
            outcome.standardError.contains(
                "pipelines/broken.yaml:12:16: error: '(unclosed' is not a valid regular expression [invalid-pattern]"))
        #expect(!FileManager.default.fileExists(atPath: junit.path))
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent(".sluice/sluice.db").path))
    }

    @Test func caseSelectsCasesByNameAndAnUnknownNameExitsTwo() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let one = try await Self.run(["test", "--case", "another name", "--case", "passes"], in: project)
        #expect(one.status == 0, "\(one.standardOutput)\(one.standardError)")
        #expect(one.standardOutput.contains("  PASS  another name  ("))
        #expect(one.standardOutput.contains("  PASS  passes  ("))
        #expect(one.standardOutput.contains("2 cases in 2 pipelines: 2 passed, 0 failed"))
        let unknown = try await Self.run(["test", "--case", "pases"], in: project)
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.isEmpty)
        #expect(
            unknown.standardError.contains(
                "error: no test case named 'pases' in the pipelines tested [unknown-test-case]"))
        #expect(unknown.standardError.contains("did you mean 'passes'?"))
    }

    @Test func aSecondSessionAnswersFromTheCacheUnlessRefreshed() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        func firstCaseRun(_ arguments: [String]) async throws -> String {
            let outcome = try await Self.run(["test", "greeting", "--json"] + arguments, in: project)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            let json = try JSONValue(parsing: outcome.standardOutput)
            return try #require(json["pipelines"]?[0]?["cases"]?[0]?["run"]?.stringValue)
        }
        let first = try await Self.run(["show", try await firstCaseRun([]), "card"], in: project)
        #expect(!first.standardOutput.contains("from cache"))
        let second = try await Self.run(["show", try await firstCaseRun([]), "card"], in: project)
        #expect(second.standardOutput.contains("from cache"), "\(second.standardOutput)")
        let refreshed = try await Self.run(["show", try await firstCaseRun(["--refresh"]), "card"], in: project)
        #expect(!refreshed.standardOutput.contains("from cache"))
        let both = try await Self.run(["test", "greeting", "--refresh", "--no-cache"], in: project)
        #expect(both.status == 2)
    }

    @Test func aPipelineWithoutTestsIsNamedInAWarning() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try "steps: { hello: { template: Hi } }\n".write(
            to: project.appendingPathComponent("pipelines/untested.yaml"), atomically: true, encoding: .utf8)
        let outcome = try await Self.run(["test", "untested", "greeting"], in: project)
        #expect(outcome.status == 0)
        #expect(outcome.standardError.contains("warning: pipeline 'untested' has no 'tests:' section"))
        #expect(outcome.standardOutput.contains("2 cases in 1 pipeline: 2 passed, 0 failed"))
    }

    @Test func jsonResultsCarryEveryFailureWithItsLocation() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["test", "mistaken", "--json"], in: project)
        #expect(outcome.status == 1)
        let json = try JSONValue(parsing: outcome.standardOutput)
        #expect(json["passed"] == 1)
        #expect(json["failed"] == 2)
        let pipeline = try #require(json["pipelines"]?.arrayValue?.first)
        #expect(pipeline["file"] == "pipelines/mistaken.yaml")
        let cases = try #require(pipeline["cases"]?.arrayValue)
        #expect(cases.map { $0["verdict"] } == ["passed", "failed", "run-failed"])
        let failures = try #require(cases[1]["failures"]?.arrayValue)
        #expect(failures.map { $0["line"] } == [22, 24, 26])
        #expect(failures.first?["expected"] == #""Hello, Bob!""#)
        #expect(cases[2]["run_failure"]?["code"] == "provider-bad-request")
        #expect(cases.allSatisfy { $0["run"]?.stringValue?.count == RunID.length })
    }

    @Test func ctrlCStopsTheCaseInFlightAndStartsNoOther() async throws {
        // The first case's model call goes to a mock that answers one token and goes silent; SIGINT
        // is sent once the mock's request log shows the call. With --jobs 1 the second case waits.
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let requestLog = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sluice-test-int-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: requestLog) }
        let mock = try await MockProviderServer.launch(["--request-log", requestLog.path, "--fault-stall", "1"])
        defer { mock.stop() }
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try "providers:\n  openai: { base_url: \(mock.baseURL)/v1 }\n".write(
            to: project.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        let pipeline = """
            steps:
              waiting: { model: openai/gpt-4.1-mini, prompt: hello, stream: true, retries: 0 }
            tests:
              stalls: {}
              never started: {}
            """
        try pipeline.write(
            to: project.appendingPathComponent("pipelines/stall.yaml"), atomically: true, encoding: .utf8)
        let (process, output, error) = SluiceBinary.process(
            ["test", "stall", "--jobs", "1"], in: project, environment: ["OPENAI_API_KEY": "sk-test-ctrl-c"])
        try process.run()
        let called = try await offThePool { try FileWatch.wait(for: "\n", in: requestLog.path) }
        try #require(called, "the mock never received the model call")
        kill(process.processIdentifier, SIGINT)
        let printed = try await offThePool {
            _ = error.fileHandleForReading.readDataToEndOfFile()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        #expect(process.terminationStatus == 130, "\(printed)")
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  FAIL  stalls  (") && $0.contains("sluice show ") })
        #expect(lines.contains { $0.hasPrefix("  FAIL  never started  (") && !$0.contains("sluice show") })
        #expect(printed.contains("interrupted before the case started"))
        #expect(printed.contains("2 cases in 1 pipeline: 0 passed, 2 failed"))
    }

    // MARK: - JUnit XML

    @Test func junitReportHasOneSuitePerPipelineAndCountsFailuresAndErrorsApart() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let junit = project.appendingPathComponent("reports/junit.xml")
        try FileManager.default.createDirectory(
            at: junit.deletingLastPathComponent(), withIntermediateDirectories: true)
        let outcome = try await Self.run(["test", "--junit", "reports/junit.xml"], in: project)
        #expect(outcome.status == 1)

        let root = try Self.junit(at: junit)
        #expect(Self.attribute("tests", of: root) == "5")
        #expect(Self.attribute("failures", of: root) == "1")
        #expect(Self.attribute("errors", of: root) == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { Self.attribute("name", of: $0) } == ["greeting", "mistaken"])
        let mistaken = try #require(suites.last)
        #expect(Self.attribute("file", of: mistaken) == "pipelines/mistaken.yaml")
        #expect(Self.attribute("tests", of: mistaken) == "3")
        #expect(Self.attribute("failures", of: mistaken) == "1")
        #expect(Self.attribute("errors", of: mistaken) == "1")
        #expect(Self.attribute("timestamp", of: mistaken)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/) != nil)

        let cases = mistaken.elements(forName: "testcase")
        #expect(cases.map { Self.attribute("name", of: $0) } == ["passes", "wrong greeting & <markup>", "run fails"])
        for testCase in cases {
            #expect(Self.attribute("classname", of: testCase) == "mistaken")
            let time = try #require(Self.attribute("time", of: testCase).flatMap(Double.init))
            #expect(time >= 0)
            #expect(testCase.elements(forName: "system-out").first?.stringValue?.hasPrefix("run ") == true)
        }
        #expect(cases[0].elements(forName: "failure").isEmpty && cases[0].elements(forName: "error").isEmpty)
        #expect(Self.attribute("line", of: cases[1]) == "20")
        let failure = try #require(cases[1].elements(forName: "failure").first)
        #expect(Self.attribute("type", of: failure) == "equals")
        #expect(Self.attribute("message", of: failure) == "equals on output 'greeting' (and 2 more)")
        let text = try #require(failure.stringValue)
        #expect(text.contains(#"expected: "Hello, Bob!""#))
        #expect(text.contains(#"actual:   "Hello, Ada!""#))
        #expect(text.contains("pipelines/mistaken.yaml:26:9: equals on output 'facts' at /missing/deeper"))
        let error = try #require(cases[2].elements(forName: "error").first)
        #expect(Self.attribute("type", of: error)?.isEmpty == false)
        #expect(error.stringValue?.contains("local/fail") == true)
        #expect(cases[2].elements(forName: "failure").isEmpty)
    }

    @Test func junitIsWrittenEvenWhenEveryCasePasses() async throws {
        let project = try Self.testedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["test", "greeting", "--junit", "out.xml"], in: project)
        #expect(outcome.status == 0)
        let root = try Self.junit(at: project.appendingPathComponent("out.xml"))
        #expect(Self.attribute("tests", of: root) == "2")
        #expect(Self.attribute("failures", of: root) == "0")
        #expect(root.elements(forName: "testsuite").first?.elements(forName: "testcase").count == 2)
    }

    // MARK: - The examples

    @Test func everyExamplePipelinesTestsPassOnLocal() async throws {
        let project = try CommandLineRunTests.temporaryProject(examples: true)
        defer { try? FileManager.default.removeItem(at: project) }
        // release-notes reads the git history: give the copy some.
        try await Self.git(["init", "-q"], in: project)
        for subject in ["Add the export button", "Fix the double invoice charge"] {
            try await Self.git(
                [
                    "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m",
                    subject,
                ], in: project)
        }
        let outcome = try await Self.run(["test", "--junit", "junit.xml"], in: project)
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("5 cases in 3 pipelines: 5 passed, 0 failed"))
        let root = try Self.junit(at: project.appendingPathComponent("junit.xml"))
        #expect(
            root.elements(forName: "testsuite").map { Self.attribute("name", of: $0) }
                == ["release-notes", "summarise", "triage"])
    }

    static func git(_ arguments: [String], in directory: URL) async throws {
        let status = try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + arguments
            process.currentDirectoryURL = directory
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(status == 0, "git \(arguments.joined(separator: " ")) failed")
    }
}
