internal import Foundation
internal import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One scheduled run as its own process (`/bin/sh -c COMMAND`), as cron would start it: a crash or
/// a leak in a run cannot take the daemon down, and cron and the daemon run the very same command.
///
/// The child is started with `posix_spawn`, with no signals blocked and SIGINT, SIGTERM and
/// SIGPIPE at their default actions, whatever the spawning thread had: the threads Swift
/// concurrency runs on block signals, and a child inherits that mask, so it would never see the
/// SIGTERM that stops it.
public enum ScheduledProcess {
    /// Runs `command` to its end and returns whether it exited 0; cancelling the task sends the
    /// process SIGTERM (a run records itself as interrupted) and still waits for it to end.
    public static func run(_ command: String) async -> Bool {
        let child = Mutex<pid_t?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                guard !Task.isCancelled, let identifier = spawn(command) else {
                    continuation.resume(returning: false)
                    return
                }
                child.withLock { $0 = identifier }
                if Task.isCancelled { kill(identifier, SIGTERM) }
                // waitpid blocks; it gets a thread of its own rather than one of the concurrency pool's.
                Thread.detachNewThread {
                    var status: Int32 = 0
                    while waitpid(identifier, &status, 0) < 0 && errno == EINTR {}
                    let exited = status & 0x7f == 0
                    continuation.resume(returning: exited && (status >> 8) & 0xff == 0)
                }
            }
        } onCancel: {
            if let identifier = child.withLock({ $0 }) { kill(identifier, SIGTERM) }
        }
    }

    /// Starts `/bin/sh -c command` with stdin from /dev/null; `nil` (after saying why on stderr) when it cannot.
    private static func spawn(_ command: String) -> pid_t? {
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { word in word.withCString { strdup($0) } }
        defer { for argument in arguments { free(argument) } }
        var identifier: pid_t = 0
        let result = posix_spawn(&identifier, "/bin/sh", &actions, &attributes, arguments + [nil], environ)
        guard result == 0 else {
            FileHandle.standardError.write(
                Data("error: cannot start /bin/sh: \(String(cString: strerror(result)))\n".utf8))
            return nil
        }
        return identifier
    }
}
