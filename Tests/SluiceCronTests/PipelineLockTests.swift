import Foundation
import SluiceCore
import SluiceCron
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct PipelineLockTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sluice-lock-\(UUID())/locks/digest.lock").path
    }

    @Test func aHeldLockRefusesASecondHolderAndIsFreedWithItsHolder() throws {
        let path = Self.temporaryPath()
        var first = try PipelineLock.acquire(at: path, wait: false)
        #expect(first != nil)
        #expect(try PipelineLock.acquire(at: path, wait: false) == nil)
        #expect(PipelineLock.holder(of: path).hasPrefix("pid \(getpid()) since "))
        first = nil
        // Waits rather than tries: a process another test forks at this moment shares the lock's
        // open file until it execs, which the close-on-exec flag then ends.
        #expect(try PipelineLock.acquire(at: path, wait: true) != nil)
    }

    @Test func aWaitingHolderGetsTheLockWhenItIsLetGo() async throws {
        let path = Self.temporaryPath()
        let first = Mutex<PipelineLock?>(try PipelineLock.acquire(at: path, wait: false))
        let acquired: Bool = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let lock = try? PipelineLock.acquire(at: path, wait: true) { holder in
                    #expect(holder.hasPrefix("pid "))
                    first.withLock { $0 = nil }
                }
                continuation.resume(returning: lock != nil)
            }
        }
        #expect(acquired)
    }

    @Test func logsRotateAtTheirLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-log-\(UUID())")
        let path = folder.appendingPathComponent("logs/digest.log").path
        BoundedLog.prepare(path, limit: 10)
        try Data("0123456789ab".utf8).write(to: URL(fileURLWithPath: path))
        BoundedLog.prepare(path, limit: 10)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.contents(atPath: path + ".1") == Data("0123456789ab".utf8))
        try Data("short".utf8).write(to: URL(fileURLWithPath: path))
        BoundedLog.prepare(path, limit: 10)
        #expect(FileManager.default.fileExists(atPath: path))
    }
}

/// The limits here are generous on purpose: on a loaded machine the shell may take long to start,
/// and what is checked is what happens, not how fast.
@Suite(.timeLimit(.minutes(10))) struct ScheduledProcessTests {
    @Test func aProcessReportsItsExitStatus() async {
        #expect(await ScheduledProcess.run("exit 0"))
        #expect(await !ScheduledProcess.run("exit 3"))
        #expect(await !ScheduledProcess.run("kill -TERM $$"))
    }

    @Test func cancellingSendsSIGTERMAndWaitsForTheEnd() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-process-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = folder.appendingPathComponent("started").path
        let ended = folder.appendingPathComponent("ended").path
        let script = "trap 'kill $!; echo term > \(ended); exit 143' TERM; echo $$ > \(marker); sleep 600 & wait $!"
        let run = Task { await ScheduledProcess.run(script) }
        // The shell has set its trap once it has written its pid; the task that spawns it may
        // itself wait minutes for a thread of a busy pool, so the wait is for that state, however long.
        let started = try await offThePool { try FileWatch.wait(for: "\n", in: marker, within: .seconds(480)) }
        try #require(started, "the shell never wrote its pid")
        run.cancel()
        #expect(await !run.value)
        #expect((try? String(contentsOfFile: ended, encoding: .utf8)) == "term\n")
    }
}
