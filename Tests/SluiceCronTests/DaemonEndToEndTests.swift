import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// The one slow test (about a minute): `sluice schedule daemon` fires a pipeline scheduled every
/// minute on the real clock, the run lands in the store, and SIGTERM stops the daemon cleanly.
@Suite(.timeLimit(.minutes(3))) struct DaemonEndToEndTests {
    @Test func theDaemonFiresAnEveryMinutePipelineIntoTheStore() async throws {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let project = try ScheduleCommandLineTests.project(["tick": ScheduleCommandLineTests.tick])
        defer { try? FileManager.default.removeItem(at: project) }
        let (daemon, output, _) = SluiceBinary.process(["schedule", "daemon"], in: project)
        try daemon.run()
        let seen = try await offThePool { SluiceBinary.read(output, until: " succeeded\n") }
        #expect(seen.contains("tick: every minute"))
        #expect(seen.contains("started tick for "))
        daemon.terminate()
        let rest = try await offThePool {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            daemon.waitUntilExit()
            return text
        }
        #expect(daemon.terminationStatus == 0)
        #expect(rest.contains("scheduler stopped"))
        let runs = try SluiceBinary.run(["runs", "--json"], in: project)
        let list = try JSONValue(parsing: runs.standardOutput).arrayValue ?? []
        #expect(list.count == 1)
        #expect(list.first?.objectValue?["pipeline"] == "tick")
        #expect(list.first?.objectValue?["status"] == "succeeded")
        let record = try String(
            contentsOf: project.appendingPathComponent(".sluice/schedule/tick.last"), encoding: .utf8)
        #expect(record.hasSuffix(":00Z\n"))
    }
}
