internal import Foundation
public import SluiceCore

/// The user's crontab, read with `crontab -l` and written with `crontab -` (never by editing files
/// under /var/spool, which cron owns), optionally for another user with `-u` (root only).
public struct CrontabProgram: Sendable {
    /// The program: `crontab` found on `PATH`, or an absolute path.
    public var executable: String
    /// Whose crontab: `nil` for the current user's.
    public var user: String?

    /// The crontab of `user` (the current user's when `nil`) through `executable`.
    public init(executable: String = "crontab", user: String? = nil) {
        self.executable = executable
        self.user = user
    }

    /// The current crontab; empty when the user has none yet.
    public func read() throws(DiagnosticError) -> String {
        let result = try run(["-l"], input: nil)
        if result.status == 0 { return result.output }
        // Every cron says "no crontab for USER" on stderr, with status 1, for a user without one.
        if result.error.contains("no crontab for") { return "" }
        throw failure("crontab -l", result)
    }

    /// Replaces the crontab with `text`.
    public func write(_ text: String) throws(DiagnosticError) {
        let result = try run(["-"], input: text)
        guard result.status == 0 else { throw failure("crontab -", result) }
    }

    private var userArguments: [String] { user.map { ["-u", $0] } ?? [] }

    private func failure(_ what: String, _ result: (status: Int32, output: String, error: String)) -> DiagnosticError {
        let message = result.error.trimmingCharacters(in: .whitespacesAndNewlines)
        return DiagnosticError(
            .error(
                .crontabFailed, "'\(what)' failed with status \(result.status)\(message.isEmpty ? "" : ": \(message)")",
                at: nil,
                hint: "check that cron is installed and that you may use it (see /etc/cron.allow and /etc/cron.deny)"))
    }

    private func run(
        _ arguments: [String], input: String?
    ) throws(DiagnosticError) -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = userArguments + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + userArguments + arguments
        }
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        do {
            try process.run()
        } catch {
            throw DiagnosticError(
                .error(
                    .crontabFailed, "cannot start '\(executable)': \(error.localizedDescription)", at: nil,
                    hint: "install cron (on Debian and Ubuntu: apt-get install cron), or use 'sluice schedule daemon'"))
        }
        let errorData = ErrorCollector(error.fileHandleForReading)
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try? standardInput.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: errorData.wait(), as: UTF8.self)
        // `env` reports a missing program with status 127.
        if process.terminationStatus == 127, !executable.contains("/") {
            throw DiagnosticError(
                .error(
                    .crontabFailed, "there is no '\(executable)' program on PATH", at: nil,
                    hint: "install cron (on Debian and Ubuntu: apt-get install cron), or use 'sluice schedule daemon'"))
        }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
    }
}

/// Reads a pipe to its end on another thread, so neither of a child's output pipes can fill and block it.
private final class ErrorCollector: @unchecked Sendable {
    // `data` is written once by the reading thread before `done` is signalled, and read only after `wait`.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
