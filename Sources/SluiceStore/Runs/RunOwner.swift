import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that created a run: its pid, its start time where the system tells, and the host.
///
/// A run whose status is still `running` may belong to a live process or to one that was killed
/// (SIGKILL, power loss) before it could record an end. The owner lets a reader tell which: see
/// ``liveness``.
public struct RunOwner: Sendable, Hashable {
    /// The process id of the owning process.
    public var processID: Int32
    /// When the process started, as an opaque number: on Linux the start time in clock ticks
    /// since boot (`/proc/PID/stat`); `nil` where the system does not say. It tells the owner
    /// from a later process that was given the same pid.
    public var processStartTime: Int64?
    /// The host name of the machine the process ran on.
    public var host: String

    /// An owner with the given pid, start time and host.
    public init(processID: Int32, processStartTime: Int64? = nil, host: String) {
        self.processID = processID
        self.processStartTime = processStartTime
        self.host = host
    }

    /// The current process on this machine.
    public static var current: RunOwner {
        let processID = getpid()
        return RunOwner(processID: processID, processStartTime: startTime(of: processID), host: currentHost)
    }

    /// Whether the owning process still exists, as far as this machine can tell.
    ///
    /// On the same host, a run is dead when no process has its pid, or when the process with
    /// that pid started at another time (the pid was reused after a crash or a reboot). Where the
    /// start time is unknown (macOS), a reused pid makes a dead run look live until that process
    /// ends too. On a different host nothing can be checked: ``RunLiveness/unknown``.
    public var liveness: RunLiveness {
        // A pid of 0 or below would address a process group, not a process.
        guard host == Self.currentHost, processID > 0 else { return .unknown }
        // EPERM: the process exists but belongs to someone else.
        guard kill(processID, 0) == 0 || errno == EPERM else { return .dead }
        if let recorded = processStartTime, let actual = Self.startTime(of: processID), recorded != actual {
            return .dead
        }
        return .live
    }

    /// The start time of a process in clock ticks since boot, from field 22 of `/proc/PID/stat`.
    static func startTime(of processID: Int32) -> Int64? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(processID)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // Field 2 is the command name in parentheses and may hold spaces; count from after it.
        guard let closing = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: closing)...].split(separator: " ")
        // After the name come fields 3, 4, …; field 22 is at offset 19.
        guard fields.count > 19 else { return nil }
        return Int64(fields[19])
    }

    private static let currentHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }()
}

/// Whether a `running` run still has a process working on it.
public enum RunLiveness: String, Sendable, Hashable {
    /// The owning process exists on this host.
    case live
    /// The owning process no longer exists: the run was abandoned and will never finish by itself.
    case dead
    /// The run was started on another host, so its process cannot be checked from here.
    case unknown
}
