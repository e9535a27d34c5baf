import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that created a run: its pid and host name.
///
/// A run whose status is still `running` may belong to a live process or to one that was killed
/// (SIGKILL, power loss) before it could record an end. The owner lets a reader tell which: see
/// ``liveness``.
public struct RunOwner: Sendable, Hashable {
    /// The process id of the owning process.
    public var processID: Int32
    /// The host name of the machine the process ran on.
    public var host: String

    /// An owner with the given pid and host.
    public init(processID: Int32, host: String) {
        self.processID = processID
        self.host = host
    }

    /// The current process on this machine.
    public static var current: RunOwner {
        RunOwner(processID: getpid(), host: currentHost)
    }

    /// Whether the owning process still exists, as far as this machine can tell.
    ///
    /// On the same host a process that no longer exists means the run is dead. A pid reused by an
    /// unrelated process after a crash makes a dead run look live; `sluice` never reuses a run, so
    /// the cost is only that such a run keeps showing `running` until that pid ends too. On a
    /// different host nothing can be checked, and the answer is ``RunLiveness/unknown``.
    public var liveness: RunLiveness {
        guard host == Self.currentHost else { return .unknown }
        if processID == getpid() { return .live }
        if kill(processID, 0) == 0 { return .live }
        // EPERM: the process exists but belongs to someone else.
        return errno == EPERM ? .live : .dead
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
