import Foundation
import Synchronization

/// One scheduled run as its own process (`/bin/sh -c COMMAND`), as cron would start it: a crash or
/// a leak in a run cannot take the daemon down, and cron and the daemon run the very same command.
enum ScheduledProcess {
    /// Runs `command` to its end and returns whether it exited 0; cancelling the task sends the
    /// process SIGTERM (a run records itself as interrupted) and still waits for it to end.
    static func run(_ command: String, in directory: String) async -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let started = Mutex<Int32?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                process.terminationHandler = { ended in continuation.resume(returning: ended.terminationStatus == 0) }
                guard !Task.isCancelled else {
                    process.terminationHandler = nil
                    continuation.resume(returning: false)
                    return
                }
                do {
                    try process.run()
                    let identifier = process.processIdentifier
                    started.withLock { $0 = identifier }
                    if Task.isCancelled { kill(identifier, SIGTERM) }
                } catch {
                    process.terminationHandler = nil
                    FileHandle.standardError.write(Data("error: cannot start /bin/sh: \(error)\n".utf8))
                    continuation.resume(returning: false)
                }
            }
        } onCancel: {
            if let identifier = started.withLock({ $0 }) { kill(identifier, SIGTERM) }
        }
    }
}
