import Foundation
import SluiceCore
import SluiceCron
import SluiceTestSupport
import Testing

/// `sluice schedule` and `sluice run --scheduled`, run as the built binary on throwaway projects.
@Suite(.timeLimit(.minutes(5))) struct ScheduleCommandLineTests {
    typealias Outcome = SluiceBinary.Outcome

    /// A project in a temporary folder holding `pipelines` (name to YAML).
    static func project(_ pipelines: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-schedule-\(UUID())")
        let pipelinesFolder = folder.appendingPathComponent("pipelines")
        try FileManager.default.createDirectory(at: pipelinesFolder, withIntermediateDirectories: true)
        for (name, text) in pipelines {
            try text.write(
                to: pipelinesFolder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Runs the binary to its end on a thread of its own (see `offThePool`).
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) async throws -> Outcome {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        return try await offThePool { try SluiceBinary.run(arguments, in: directory) }
    }

    static let tick = """
        schedule: "* * * * *"
        steps:
          hello: { template: hi }
        """

    static func runs(in project: URL) async throws -> [JSONValue] {
        let listed = try await run(["runs", "--json"], in: project)
        return try JSONValue(parsing: listed.standardOutput).arrayValue ?? []
    }

    // MARK: - next and ls

    @Test func nextListsFireTimesAcrossADaylightSavingChange() async throws {
        let folder = FileManager.default.temporaryDirectory
        let text = try await Self.run(
            ["schedule", "next", "30 2 * * *", "--tz", "America/New_York", "--from", "2026-03-07", "--count", "3"],
            in: folder)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(
            text.standardOutput == """
                30 2 * * *: at 02:30 (America/New_York)
                Sat 2026-03-07 02:30 -05:00
                Sun 2026-03-08 03:00 -04:00  (the clock skipped its time (daylight saving); cron runs a fixed-time job when the clock jumps)
                Mon 2026-03-09 02:30 -04:00

                """)
        let json = try await Self.run(
            ["schedule", "next", "@hourly", "--from", "2026-01-01T00:00:00Z", "--count", "2", "--tz", "UTC", "--json"],
            in: folder)
        let object = try JSONValue(parsing: json.standardOutput).objectValue
        #expect(object?["words"] == "at minute 0 past every hour")
        #expect(object?["timezone"] == "UTC")
        #expect(
            object?["times"]?.arrayValue?.compactMap { $0.objectValue?["utc"]?.stringValue } == [
                "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z",
            ])
    }

    @Test func nextPointsAtTheBadField() async throws {
        let outcome = try await Self.run(
            ["schedule", "next", "0 7 * * banana"], in: FileManager.default.temporaryDirectory)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("expression:1:9: error: unknown day-of-week 'banana' [invalid-cron]"))
        #expect(outcome.standardError.contains(" 1 | 0 7 * * banana\n   |         ^\n"))
        let zone = try await Self.run(
            ["schedule", "next", "@daily", "--tz", "Europe/Pariss"], in: FileManager.default.temporaryDirectory)
        #expect(zone.status == 2)
        #expect(zone.standardError.contains("did you mean 'Europe/Paris'?"))
    }

    @Test func lsShowsEachScheduleInWordsWithItsNextThreeTimes() async throws {
        let project = try Self.project([
            "digest": """
            schedule: { cron: "0 7 * * MON-FRI", timezone: Europe/Paris, overlap: queue }
            steps: { a: { template: hi } }
            """,
            "broken": """
            schedule: "99 * * * *"
            steps: { a: { template: hi } }
            """,
            "manual": "steps: { a: { template: hi } }",
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        let text = try await Self.run(["schedule", "ls", "--from", "2026-03-27T00:00:00Z"], in: project)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(
            text.standardOutput == """
                PIPELINE  CRON             WHEN
                broken    -                INVALID (1 error; run 'sluice validate broken')
                digest    0 7 * * MON-FRI  at 07:00 on Monday through Friday (Europe/Paris); next: Fri 2026-03-27 07:00 +01:00, Mon 2026-03-30 07:00 +02:00, Tue 2026-03-31 07:00 +02:00

                """)
        let json = try JSONValue(parsing: try await Self.run(["schedule", "ls", "--json"], in: project).standardOutput)
        let digest = json.arrayValue?.last?.objectValue
        #expect(digest?["overlap"] == "queue")
        #expect(digest?["next"]?.arrayValue?.count == 3)
    }

    @Test func validateRejectsAnImpossibleSchedule() async throws {
        let project = try Self.project(["odd": "schedule: \"99 99 99 99 banana\"\nsteps: { a: { template: hi } }\n"])
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["validate", "odd"], in: project)
        #expect(outcome.status != 0)
        #expect(
            outcome.standardError.contains("pipelines/odd.yaml:1:12: error: minute 99 is out of range [invalid-cron]"))
        #expect(outcome.standardError.contains("pipelines/odd.yaml:1:24: error: unknown day-of-week 'banana'"))
    }

    // MARK: - install --dry-run

    @Test func aPipelineWithErrorsInstallsNothing() async throws {
        let project = try Self.project([
            "odd": "schedule: \"0 0 30 2 *\"\nsteps: { a: { template: hi } }\n"
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["schedule", "install", "--dry-run"], in: project)
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("pipelines/odd.yaml:1:16: error: '0 0 30 2 *' never fires"))
        #expect(outcome.standardError.hasSuffix("nothing was installed\n"))
    }

    @Test func aZoneCronCannotHonourInstallsNothing() async throws {
        let zone = TimeZone.current.secondsFromGMT() == 3600 * 9 ? "America/New_York" : "Asia/Tokyo"
        let project = try Self.project([
            "digest": "schedule:\n  cron: \"0 7 * * *\"\n  timezone: \(zone)\nsteps: { a: { template: hi } }\n"
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try await Self.run(["schedule", "install", "--dry-run"], in: project)
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError.contains("pipelines/digest.yaml:3:13: error: pipeline 'digest' runs on \(zone) time"))
        #expect(outcome.standardError.contains("[zone-needs-daemon]"))
    }

    // MARK: - Scheduled runs

    @Test func aFailedScheduledRunPrintsOneLineForCronMailAndLogsTheRest() async throws {
        let project = try Self.project([
            "fail": """
            schedule: "* * * * *"
            steps:
              broken: { run: "echo disk full >&2; exit 3" }
            """,
            "tick": Self.tick,
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        let failed = try await Self.run(["run", "--scheduled", "fail"], in: project)
        #expect(failed.status == 1)
        #expect(failed.standardError.isEmpty)
        let lines = failed.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("sluice: fail failed after ") == true)
        #expect(lines.first?.contains("log \(project.path)/.sluice/logs/fail.log") == true)
        let log = try String(contentsOf: project.appendingPathComponent(".sluice/logs/fail.log"), encoding: .utf8)
        #expect(log.contains("FAILED broken"))
        #expect(log.contains("disk full"))

        let missing = try await Self.run(["run", "--scheduled", "tock"], in: project)
        #expect(missing.status == 2)
        #expect(missing.standardOutput.hasPrefix("sluice: tock could not start after "))
        #expect(missing.standardOutput.contains("the pipeline or its inputs have errors"))
        let outside = try await Self.run(["run", "--scheduled", "../tick"], in: project)
        #expect(outside.status == 2)
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent(".sluice/tick.log").path))

        let succeeded = try await Self.run(["run", "--scheduled", "tick"], in: project)
        #expect(succeeded.status == 0)
        #expect(succeeded.standardOutput.isEmpty)
        #expect(succeeded.standardError.isEmpty)
        #expect(try await Self.runs(in: project).count == 2)
    }

    @Test func scheduledInputsReachTheRun() async throws {
        let project = try Self.project([
            "greet": """
            inputs: { who: { type: string }, times: { type: integer, default: 1 } }
            schedule: { cron: "@daily", inputs: { who: cron, times: 2 } }
            steps:
              say: { template: "{{ inputs.who }} x{{ inputs.times }}" }
            outputs: { said: steps.say.output }
            """
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try await Self.run(["run", "--scheduled", "greet"], in: project).status == 0)
        #expect(try await Self.run(["run", "--scheduled", "greet", "-i", "who=by hand"], in: project).status == 0)
        let log = try String(contentsOf: project.appendingPathComponent(".sluice/logs/greet.log"), encoding: .utf8)
        #expect(log.contains("cron x2"))
        #expect(log.contains("by hand x2"))
        #expect(log.hasPrefix("== "))
        #expect(log.components(separatedBy: " sluice run --scheduled greet (pid ").count == 3)
    }

    @Test func theCrontabCommandLoadsTheProjectsEnvironmentFile() async throws {
        let project = try Self.project([
            "env": """
            schedule: "@hourly"
            steps:
              show: { run: "echo greeting=$SLUICE_TEST_GREETING" }
            outputs: { said: steps.show.output }
            """
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        // Not named like a secret (`…_TOKEN`, `…_KEY`…): those are redacted from every output and log.
        try "SLUICE_TEST_GREETING=from-dot-env\n".write(
            to: project.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let block = try await Self.run(["schedule", "install", "--dry-run"], in: project).standardOutput
        let line = try #require(block.split(separator: "\n").first { $0.hasPrefix("@hourly ") })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", String(line.dropFirst("@hourly ".count))]
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = try String(contentsOf: project.appendingPathComponent(".sluice/logs/env.log"), encoding: .utf8)
        #expect(log.contains("greeting=from-dot-env"))
    }

    @Test func catchUpRunsOnlyForAFireTimeMissedSinceTheLastScheduledRun() async throws {
        let project = try Self.project([
            "hourly": """
            schedule: { cron: "@hourly", catch_up: latest }
            steps: { a: { template: hi } }
            """
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        let block = try await Self.run(["schedule", "install", "--dry-run"], in: project).standardOutput
        #expect(block.contains("\n@reboot [ ! -f "))
        #expect(block.contains(" run --scheduled --catch-up --project "))

        let log = project.appendingPathComponent(".sluice/logs/hourly.log")
        #expect(try await Self.run(["run", "--scheduled", "--catch-up", "hourly"], in: project).status == 0)
        #expect(
            try String(contentsOf: log, encoding: .utf8).contains("nothing to catch up (no scheduled run recorded yet)")
        )
        #expect(try await Self.runs(in: project).isEmpty)

        let expression = try CronExpression.parse("@hourly")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let latest = try #require(expression.latestFireTime(after: .distantPast, notAfter: Date(), in: utc))
        LastFireRecord.write(latest.addingTimeInterval(-3 * 3600), pipeline: "hourly", projectRoot: project.path)
        #expect(try await Self.run(["run", "--scheduled", "--catch-up", "hourly"], in: project).status == 0)
        #expect(try await Self.runs(in: project).count == 1)
        #expect(LastFireRecord.read(pipeline: "hourly", projectRoot: project.path).map { $0 >= latest } == true)

        #expect(try await Self.run(["run", "--scheduled", "--catch-up", "hourly"], in: project).status == 0)
        #expect(try await Self.runs(in: project).count == 1)
        let usage = try await Self.run(["run", "--catch-up", "hourly"], in: project)
        #expect(usage.status == 2)
    }

    @Test func withoutATerminalARunHasNoColour() async throws {
        let project = try Self.project(["tick": Self.tick])
        defer { try? FileManager.default.removeItem(at: project) }
        let (process, output, error) = SluiceBinary.process(["run", "tick"], in: project)
        process.environment?["NO_COLOR"] = nil
        try process.run()
        let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(errorText.contains("ok hello"))
        #expect(!errorText.contains("\u{1B}"))
    }

    // MARK: - Overlap

    static func overlapProject(_ overlap: OverlapPolicy) throws -> URL {
        try project([
            "tick": """
            schedule: { cron: "* * * * *", overlap: \(overlap.rawValue) }
            steps:
              hello: { template: hi }
            """
        ])
    }

    @Test func overlapSkipLeavesTheHeldPipelineAlone() async throws {
        let project = try Self.overlapProject(.skip)
        defer { try? FileManager.default.removeItem(at: project) }
        let lock = try PipelineLock.acquire(
            at: PipelineLock.path(forPipeline: "tick", projectRoot: project.path), wait: false)
        #expect(lock != nil)
        let outcome = try await Self.run(["run", "--scheduled", "tick"], in: project)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.isEmpty)
        let log = try String(contentsOf: project.appendingPathComponent(".sluice/logs/tick.log"), encoding: .utf8)
        #expect(log.contains("sluice: tick skipped: the previous run (pid \(getpid()) since "))
        #expect(try await Self.runs(in: project).isEmpty)
        withExtendedLifetime(lock) {}
    }

    @Test func overlapQueueWaitsForTheHolderThenRuns() async throws {
        let project = try Self.overlapProject(.queue)
        defer { try? FileManager.default.removeItem(at: project) }
        var lock = try PipelineLock.acquire(
            at: PipelineLock.path(forPipeline: "tick", projectRoot: project.path), wait: false)
        let (process, output, _) = SluiceBinary.process(["run", "--scheduled", "tick"], in: project)
        try process.run()
        let logPath = project.appendingPathComponent(".sluice/logs/tick.log").path
        let waiting = try await offThePool { try FileWatch.wait(for: "waiting for the previous run", in: logPath) }
        #expect(waiting)
        #expect(try await Self.runs(in: project).isEmpty)
        lock = nil
        try await offThePool {
            _ = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
        }
        #expect(process.terminationStatus == 0)
        #expect(try await Self.runs(in: project).count == 1)
        #expect(lock == nil)
    }

    @Test func overlapAllowRunsAlongside() async throws {
        let project = try Self.overlapProject(.allow)
        defer { try? FileManager.default.removeItem(at: project) }
        let lock = try PipelineLock.acquire(
            at: PipelineLock.path(forPipeline: "tick", projectRoot: project.path), wait: false)
        #expect(try await Self.run(["run", "--scheduled", "tick"], in: project).status == 0)
        #expect(try await Self.runs(in: project).count == 1)
        withExtendedLifetime(lock) {}
    }
}
