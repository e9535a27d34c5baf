internal import Foundation
public import SluiceCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-pipeline lock that `overlap: skip` and `overlap: queue` take: an advisory `flock` on
/// `.sluice/locks/NAME.lock`.
///
/// The kernel drops the lock when the holding process ends, however it ends, so a crashed or
/// killed run never leaves a stale lock behind. The file holds the holder's process id and start
/// time, for the message a skipped run prints. The descriptor is close-on-exec, so commands a run
/// starts do not inherit (and keep) the lock.
public final class PipelineLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The lock at `path` (its folder is created), or `nil` when another process holds it and `wait` is false.
    ///
    /// With `wait`, blocks until the holder lets go; `onWait` is called first, once, when it has to.
    public static func acquire(
        at path: String, wait: Bool, onWait: (_ holder: String) -> Void = { _ in }
    ) throws(DiagnosticError) -> PipelineLock? {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw failure("cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK, wait else {
                let reason = errno == EWOULDBLOCK ? nil : String(cString: strerror(errno))
                close(descriptor)
                if let reason { throw failure("cannot lock \(path): \(reason)") }
                return nil
            }
            onWait(holder(of: path))
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw failure("cannot lock \(path): \(reason)")
                }
            }
        }
        let note = "pid \(getpid()) since \(ZonedTime(Date(), in: TimeZone(identifier: "UTC") ?? .gmt).iso8601)\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return PipelineLock(path: path, descriptor: descriptor)
    }

    /// Who holds the lock at `path`, as its file says ("pid 123 since 2026-11-30T07:00:00Z"), or "another process".
    public static func holder(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        else { return "another process" }
        return text
    }

    /// The lock file of pipeline `name` in the project at `projectRoot`.
    public static func path(forPipeline name: String, projectRoot: String) -> String {
        projectRoot + "/.sluice/locks/" + name + ".lock"
    }

    private static func failure(_ message: String) -> DiagnosticError {
        DiagnosticError(
            .error(.lockFailed, message, at: nil, hint: "check that the project's .sluice folder is writable"))
    }
}
