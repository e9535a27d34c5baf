import Foundation
import SluiceTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// How one child process ran: its exit status, wall time, CPU time and peak memory.
struct ChildMeasurement: Sendable {
    /// The exit status, or 128 + the signal that ended it.
    var status: Int32
    /// From spawn to reaping.
    var wall: Duration
    /// User plus system CPU time.
    var cpu: Duration
    /// The child's peak resident set size (`ru_maxrss`).
    var peakResidentBytes: Int
    /// What it wrote on stdout, when asked for.
    var output: String
}

/// Runs a program as a whole process with `posix_spawn` and reaps it with `wait4`, which gives
/// that child's own resource usage (peak RSS, CPU time) rather than the sum over every child.
///
/// `Process` cannot be used here: it reaps its children itself, so their `rusage` is lost.
enum ChildProcess {
    /// Runs `executable ARGUMENTS` to its end with stdin empty; stdout goes to `/dev/null`
    /// unless `captureOutput`, stderr to a file that the thrown error quotes.
    static func run(
        _ executable: URL, _ arguments: [String], environment extra: [String: String] = [:],
        captureOutput: Bool = false
    ) throws -> ChildMeasurement {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-child-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputPath = captureOutput ? scratch.appendingPathComponent("stdout").path : "/dev/null"
        let errorPath = scratch.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = childEnvironment(extra).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw BenchError("cannot start \(executable.path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("waiting for \(executable.lastPathComponent) failed") }
        }
        let wall = clock.now - started
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        func duration(_ time: timeval) -> Duration {
            .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec))
        }
        let output = captureOutput ? (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" : ""
        if exitStatus != 0 {
            let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw BenchError(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited with \(exitStatus): "
                    + errorText.suffix(2000))
        }
        return ChildMeasurement(
            status: exitStatus, wall: wall, cpu: duration(usage.ru_utime) + duration(usage.ru_stime),
            peakResidentBytes: Int(usage.ru_maxrss) * 1024, output: output)
    }

    /// This process's environment without provider keys or proxies (the same list the tests
    /// remove), with `NO_COLOR` and `extra` set.
    static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in SluiceBinary.hermeticVariables { environment[name] = nil }
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        return environment
    }
}
