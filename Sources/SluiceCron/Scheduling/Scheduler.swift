public import Foundation
public import SluiceCore

/// The scheduler behind `sluice schedule daemon`: fires each job at its fire times, under the
/// job's overlap and catch-up rules, until its task is cancelled.
///
/// A fire is on time when the scheduler wakes within a minute of it. Fires missed for longer (the
/// scheduler was stopped, the machine slept) are dropped with `catch_up: none`; with
/// `catch_up: latest` one run starts for the latest of them. On its first start the scheduler
/// catches up from `lastFires` (the fire times the previous daemon started), so a restart does not
/// lose a run. A run still going when its job is due again is handled by `overlap`: `skip` drops
/// the fire, `queue` starts one run when the previous ends (several queued fires make one run),
/// `allow` starts it alongside. A failing run is reported and changes nothing else.
///
/// Cancelling the task stops new fires and cancels the runs in progress; `run()` returns once they
/// have ended.
public actor Scheduler {
    /// Starts a run of `job` for fire time `due` and returns whether it succeeded.
    public typealias Launch = @Sendable (_ job: ScheduledJob, _ due: Date) async -> Bool
    /// Called with each fire time started, so a later scheduler can catch up from it.
    public typealias Record = @Sendable (_ job: String, _ due: Date) -> Void

    /// How late a fire may be and still count as on time.
    public static let grace: TimeInterval = 60

    private let jobs: [ScheduledJob]
    private let time: any TimeSource
    private let launch: Launch
    private let record: Record
    private let report: @Sendable (SchedulerEvent) -> Void
    private var lastFires: [String: Date]
    private var running: [String: Int] = [:]
    private var queued: [String: Date] = [:]

    /// A scheduler for `jobs` reading the time from `time`; `lastFires` are the fire times started before, by job name.
    public init(
        jobs: [ScheduledJob], time: any TimeSource, lastFires: [String: Date] = [:],
        launch: @escaping Launch, record: @escaping Record = { _, _ in },
        report: @escaping @Sendable (SchedulerEvent) -> Void = { _ in }
    ) {
        self.jobs = jobs
        self.time = time
        self.lastFires = lastFires
        self.launch = launch
        self.record = record
        self.report = report
    }

    /// Fires jobs until the task is cancelled, then waits for the runs in progress to end.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            let start = time.date
            var next: [String: Date] = [:]
            for job in jobs {
                if job.catchUp == .latest, let last = lastFires[job.name],
                    let missed = job.expression.latestFireTime(after: last, notAfter: start, in: job.timeZone)
                {
                    fire(job, due: missed, catchingUp: true, in: &group)
                }
                next[job.name] = job.expression.nextFireTime(after: start, in: job.timeZone)
            }
            while !Task.isCancelled, let wake = next.values.min() {
                do {
                    try await sleep(until: wake)
                } catch {
                    break
                }
                let now = time.date
                for job in jobs {
                    guard let due = next[job.name], due <= now else { continue }
                    let latest = job.expression.latestFireTime(after: due, notAfter: now, in: job.timeZone) ?? due
                    if now.timeIntervalSince(latest) < Self.grace {
                        fire(job, due: latest, catchingUp: false, in: &group)
                    } else if job.catchUp == .latest {
                        fire(job, due: latest, catchingUp: true, in: &group)
                    } else {
                        report(.missed(job: job.name, latest: latest))
                    }
                    next[job.name] = job.expression.nextFireTime(after: now, in: job.timeZone)
                }
            }
        }
    }

    /// Sleeps until the wall clock reads `wake`, a minute at most at a time, so a change of the
    /// system clock or a suspended machine delays a fire by at most a minute.
    private func sleep(until wake: Date) async throws {
        while true {
            let remaining = wake.timeIntervalSince(time.date)
            guard remaining > 0 else { return }
            try await time.sleep(for: .milliseconds(Int((min(remaining, 60) * 1000).rounded(.up))))
        }
    }

    private func fire(_ job: ScheduledJob, due: Date, catchingUp: Bool, in group: inout TaskGroup<Void>) {
        if running[job.name, default: 0] > 0 {
            switch job.overlap {
            case .skip:
                report(.skipped(job: job.name, due: due))
                return
            case .queue:
                queued[job.name] = due
                report(.queued(job: job.name, due: due))
                return
            case .allow:
                break
            }
        }
        started(job, due: due, catchingUp: catchingUp)
        group.addTask { [launch] in
            var current = due
            while true {
                let succeeded = await launch(job, current)
                guard let queued = await self.finished(job, due: current, succeeded: succeeded) else { return }
                current = queued
            }
        }
    }

    private func started(_ job: ScheduledJob, due: Date, catchingUp: Bool) {
        running[job.name, default: 0] += 1
        lastFires[job.name] = due
        record(job.name, due)
        report(.started(job: job.name, due: due, catchingUp: catchingUp))
    }

    /// Notes the end of a run; returns a queued fire time to run next in the same task, if any.
    private func finished(_ job: ScheduledJob, due: Date, succeeded: Bool) -> Date? {
        running[job.name, default: 1] -= 1
        report(.finished(job: job.name, due: due, succeeded: succeeded))
        guard !Task.isCancelled, running[job.name, default: 0] == 0, let next = queued.removeValue(forKey: job.name)
        else { return nil }
        started(job, due: next, catchingUp: false)
        return next
    }
}
