import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron
import SluicePipeline
import SluiceSchema

/// What `sluice run --scheduled` adds to a run, for cron and the daemon: a bounded log, the overlap
/// lock, the schedule's inputs, and one summary line that reads well in cron mail.
///
/// Everything the run would print (progress, diagnostics, outputs) goes to
/// `.sluice/logs/NAME.log`, which is rotated at 1 MiB. The summary line goes to the log, and also
/// to the original stdout when the run did not succeed, so cron mails only failures.
final class ScheduledRun {
    let pipeline: String
    let logPath: String
    private let summaryOutput: Int32
    private let started = Date()
    /// Whether the summary line has been written.
    private(set) var hasFinished = false

    /// Opens the log of `pipeline` in `project` and points stdout and stderr at it.
    init(pipeline: String, project: Project) {
        self.pipeline = pipeline
        logPath = BoundedLog.path(forPipeline: pipeline, projectRoot: project.root)
        BoundedLog.prepare(logPath)
        summaryOutput = dup(STDOUT_FILENO)
        let log = open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if log >= 0 {
            dup2(log, STDOUT_FILENO)
            dup2(log, STDERR_FILENO)
            close(log)
        }
        let now = ZonedTime(started, in: TimeZone(identifier: "UTC") ?? .gmt).iso8601
        Terminal.printError("== \(now) sluice run --scheduled \(pipeline) (pid \(getpid()))\n")
    }

    /// The `-i` assignments for the schedule's inputs, before those given on the command line.
    static func assignments(for definition: PipelineDefinition) -> [String] {
        guard let schedule = definition.schedule else { return [] }
        return schedule.inputs.map { name, value in
            let declared = definition.inputs.first { $0.name == name }
            if declared?.schema.document["type"] == .string("string"), let text = value.stringValue {
                return "\(name)=\(text)"
            }
            return "\(name)=\(value.formatted(.compact))"
        }
    }

    /// Takes the lock `overlap` asks for: none for `allow`, a wait for `queue`; for `skip`, exits 0
    /// with a note in the log when another run holds it.
    func lock(for overlap: OverlapPolicy, projectRoot: String) throws -> PipelineLock? {
        guard overlap != .allow else { return nil }
        let path = PipelineLock.path(forPipeline: pipeline, projectRoot: projectRoot)
        let lock: PipelineLock?
        do throws(DiagnosticError) {
            lock = try PipelineLock.acquire(at: path, wait: overlap == .queue) { holder in
                Terminal.printError("waiting for the previous run (\(holder)) to end (overlap: queue)\n")
            }
        } catch {
            Terminal.printDiagnostics(error.diagnostics, files: nil)
            finish(.failure, detail: "could not take its lock")
            throw ExitCode(ExitStatus.failure)
        }
        guard let lock else {
            Terminal.printError(
                "sluice: \(pipeline) skipped: the previous run (\(PipelineLock.holder(of: path))) is still going (overlap: skip)\n"
            )
            throw ExitCode(ExitStatus.success)
        }
        return lock
    }

    /// Records the fire time this run is for (the schedule's latest at or before now), so a later
    /// catch-up knows it ran. With `catchingUp`, exits 0 first unless a fire time passed after the
    /// recorded one: the run is then for that missed fire time.
    func claimFireTime(of schedule: PipelineSchedule?, projectRoot: String, catchingUp: Bool) throws {
        let now = Date()
        let due = schedule.flatMap {
            $0.expression.latestFireTime(after: .distantPast, notAfter: now, in: $0.timeZone)
        }
        let utc = TimeZone(identifier: "UTC") ?? .gmt
        if catchingUp {
            let last = LastFireRecord.read(pipeline: pipeline, projectRoot: projectRoot)
            guard let due, let last, due > last else {
                let since = last.map { "the last scheduled run was for \(ZonedTime($0, in: utc).iso8601)" }
                Terminal.printError(
                    "sluice: \(pipeline): nothing to catch up (\(since ?? "no scheduled run recorded yet"))\n")
                throw ExitCode(ExitStatus.success)
            }
            Terminal.printError(
                "catching up the fire time \(ZonedTime(due, in: utc).iso8601), missed since \(ZonedTime(last, in: utc).iso8601)\n"
            )
        }
        if let due { LastFireRecord.write(due, pipeline: pipeline, projectRoot: projectRoot) }
    }

    /// Writes the summary line: to the log, and to cron's mail when `status` is not success.
    func finish(_ status: ExitStatus, detail: String) {
        hasFinished = true
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let verdict =
            switch status {
            case .success: "succeeded"
            case .interrupted: "was interrupted"
            case .budgetStopped: "stopped at its budget"
            case .invalidInput: "could not start"
            default: "failed"
            }
        let reason = detail.trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        let line = "sluice: \(pipeline) \(verdict) after \(seconds)s (exit \(status)): \(reason); log \(logPath)\n"
        Terminal.printError(line)
        if status != .success {
            _ = line.withCString { write(summaryOutput, $0, strlen($0)) }
        }
    }
}
