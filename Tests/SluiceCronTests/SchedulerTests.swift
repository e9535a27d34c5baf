import Foundation
import SluiceCore
import SluiceCron
import SluiceTestSupport
import Synchronization
import Testing

/// The daemon's scheduling logic on a clock the tests move by hand: nothing here waits for real time.
@Suite(.timeLimit(.minutes(1))) struct SchedulerTests {
    /// Runs the scheduler starts, each held until the test ends it (or the scheduler cancels it).
    final class Runs: Sendable {
        struct State {
            var started: [(job: String, due: Date)] = []
            var waiting: [Int: CheckedContinuation<Bool, Never>] = [:]
            var endings: [Int: Bool] = [:]
            var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        }
        let state = Mutex(State())
        let holds: Bool

        /// Runs that end at once with success unless `holds`, in which case the test ends each one.
        init(holds: Bool) { self.holds = holds }

        var started: [(job: String, due: Date)] { state.withLock { $0.started } }

        func launch(_ job: ScheduledJob, _ due: Date) async -> Bool {
            let (index, watchers) = state.withLock { state in
                state.started.append((job.name, due))
                let ready = state.watchers.filter { $0.count <= state.started.count }.map(\.continuation)
                state.watchers.removeAll { $0.count <= state.started.count }
                return (state.started.count - 1, ready)
            }
            for watcher in watchers { watcher.resume() }
            guard holds else { return true }
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ending = state.withLock { state -> Bool? in
                        if let ending = state.endings.removeValue(forKey: index) { return ending }
                        state.waiting[index] = continuation
                        return nil
                    }
                    if let ending { continuation.resume(returning: ending) }
                }
            } onCancel: {
                self.end(index, succeeded: false)
            }
        }

        /// Ends run number `index` (0-based, in start order).
        func end(_ index: Int, succeeded: Bool) {
            let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                if let continuation = state.waiting.removeValue(forKey: index) { return continuation }
                state.endings[index] = succeeded
                return nil
            }
            continuation?.resume(returning: succeeded)
        }

        /// Waits until `count` runs have started.
        func waitForStarts(_ count: Int) async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.started.count >= count { return true }
                    state.watchers.append((count, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Collects the scheduler's events.
    final class Events: Sendable {
        let list = Mutex<[SchedulerEvent]>([])
        func add(_ event: SchedulerEvent) { list.withLock { $0.append(event) } }
        var all: [SchedulerEvent] { list.withLock { $0 } }
    }

    static func date(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    static func job(
        _ cron: String, overlap: OverlapPolicy = .skip, catchUp: CatchUpPolicy = .none
    ) throws -> ScheduledJob {
        ScheduledJob(
            name: "digest", expression: try CronExpression.parse(cron), timeZone: TimeZone(identifier: "UTC") ?? .gmt,
            overlap: overlap, catchUp: catchUp)
    }

    /// Starts the scheduler in a task and returns it with the clock, runs and events.
    static func start(
        _ job: ScheduledJob, at origin: String, holds: Bool, lastFires: [String: Date] = [:]
    ) throws -> (Task<Void, Never>, ManualTimeSource, Runs, Events) {
        let time = ManualTimeSource(origin: try date(origin))
        let runs = Runs(holds: holds)
        let events = Events()
        let scheduler = Scheduler(
            jobs: [job], time: time, lastFires: lastFires, launch: { await runs.launch($0, $1) },
            report: { events.add($0) })
        return (Task { await scheduler.run() }, time, runs, events)
    }

    @Test func firesOnTimeAndGoesOnAfterAFailedRun() async throws {
        let (task, time, runs, events) = try Self.start(
            try Self.job("* * * * *"), at: "2026-01-01T00:00:30Z", holds: true)
        await time.waitForSleepers()
        time.advance(by: .seconds(30))
        await runs.waitForStarts(1)
        runs.end(0, succeeded: false)
        await time.waitForSleepers()
        time.advance(by: .seconds(60))
        await runs.waitForStarts(2)
        #expect(
            runs.started.map(\.due) == [try Self.date("2026-01-01T00:01:00Z"), try Self.date("2026-01-01T00:02:00Z")])
        #expect(
            events.all.contains(.finished(job: "digest", due: try Self.date("2026-01-01T00:01:00Z"), succeeded: false)))
        task.cancel()
        await task.value
    }

    @Test func overlapSkipDropsAFireWhileTheRunGoesOn() async throws {
        let (task, time, runs, events) = try Self.start(
            try Self.job("* * * * *"), at: "2026-01-01T00:00:59Z", holds: true)
        await time.waitForSleepers()
        time.advance(by: .seconds(1))
        await runs.waitForStarts(1)
        await time.waitForSleepers()
        time.advance(by: .seconds(60))
        await time.waitForSleepers()
        #expect(events.all.contains(.skipped(job: "digest", due: try Self.date("2026-01-01T00:02:00Z"))))
        runs.end(0, succeeded: true)
        time.advance(by: .seconds(60))
        await runs.waitForStarts(2)
        #expect(runs.started.last?.due == (try Self.date("2026-01-01T00:03:00Z")))
        task.cancel()
        await task.value
    }

    @Test func overlapQueueRunsOnceAfterThePreviousRunEnds() async throws {
        let job = try Self.job("* * * * *", overlap: .queue)
        let (task, time, runs, events) = try Self.start(job, at: "2026-01-01T00:00:59Z", holds: true)
        await time.waitForSleepers()
        time.advance(by: .seconds(1))
        await runs.waitForStarts(1)
        for _ in 0..<2 {
            await time.waitForSleepers()
            time.advance(by: .seconds(60))
        }
        await time.waitForSleepers()
        #expect(runs.started.count == 1)
        #expect(events.all.filter { if case .queued = $0 { true } else { false } }.count == 2)
        runs.end(0, succeeded: true)
        await runs.waitForStarts(2)
        #expect(runs.started.last?.due == (try Self.date("2026-01-01T00:03:00Z")))
        task.cancel()
        await task.value
    }

    @Test func overlapAllowStartsAlongside() async throws {
        let job = try Self.job("* * * * *", overlap: .allow)
        let (task, time, runs, _) = try Self.start(job, at: "2026-01-01T00:00:59Z", holds: true)
        await time.waitForSleepers()
        time.advance(by: .seconds(1))
        await runs.waitForStarts(1)
        await time.waitForSleepers()
        time.advance(by: .seconds(60))
        await runs.waitForStarts(2)
        #expect(runs.started.count == 2)
        task.cancel()
        await task.value
    }

    @Test func missedFiresAreDroppedOrCaughtUpOnce() async throws {
        for catchUp in CatchUpPolicy.allCases {
            let job = try Self.job("0 * * * *", catchUp: catchUp)
            let (task, time, runs, events) = try Self.start(job, at: "2026-01-01T00:30:00Z", holds: false)
            await time.waitForSleepers()
            time.advance(by: .seconds(3 * 3600))
            await time.waitForSleepers()
            let latest = try Self.date("2026-01-01T03:00:00Z")
            if catchUp == .latest {
                #expect(runs.started.map(\.due) == [latest])
                #expect(events.all.first == .started(job: "digest", due: latest, catchingUp: true))
            } else {
                #expect(runs.started.isEmpty)
                #expect(events.all == [.missed(job: "digest", latest: latest)])
            }
            task.cancel()
            await task.value
        }
    }

    @Test func aRestartCatchesUpFromTheLastRecordedFire() async throws {
        let job = try Self.job("0 * * * *", catchUp: .latest)
        let last = ["digest": try Self.date("2026-01-01T02:00:00Z")]
        let (task, _, runs, _) = try Self.start(job, at: "2026-01-01T05:30:00Z", holds: false, lastFires: last)
        await runs.waitForStarts(1)
        #expect(runs.started.map(\.due) == [try Self.date("2026-01-01T05:00:00Z")])
        task.cancel()
        await task.value

        let (quiet, time, none, _) = try Self.start(
            try Self.job("0 * * * *"), at: "2026-01-01T05:30:00Z", holds: false, lastFires: last)
        await time.waitForSleepers()
        #expect(none.started.isEmpty)
        quiet.cancel()
        await quiet.value
    }

    @Test func cancellingStopsAndCancelsTheRunsInProgress() async throws {
        let (task, time, runs, events) = try Self.start(
            try Self.job("* * * * *"), at: "2026-01-01T00:00:59Z", holds: true)
        await time.waitForSleepers()
        time.advance(by: .seconds(1))
        await runs.waitForStarts(1)
        task.cancel()
        await task.value
        #expect(
            events.all.last == .finished(job: "digest", due: try Self.date("2026-01-01T00:01:00Z"), succeeded: false))
    }
}
