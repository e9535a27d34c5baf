public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SluiceBinary {
    /// Runs `sluice ARGUMENTS` in `directory` with stdout and stderr on one pseudo-terminal, as
    /// in an interactive shell, and returns everything the terminal received in
    /// ``Outcome/standardOutput`` (``Outcome/standardError`` stays empty: one screen shows both).
    ///
    /// `TERM` is `xterm-256color` and `NO_COLOR` is unset unless `environment` sets them; the
    /// terminal driver's newline translation is off, so lines end in `\n` as written.
    public static func runInTerminal(
        _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
    ) throws -> Outcome {
        let master = PseudoTerminal.openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, PseudoTerminal.grant(master) == 0, PseudoTerminal.unlock(master) == 0,
            let name = PseudoTerminal.name(master)
        else {
            throw TerminalError(message: "no pseudo-terminal could be opened (errno \(errno))")
        }
        defer { close(master) }
        let terminal = open(name, O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw TerminalError(message: "the pseudo-terminal could not be opened") }
        var settings = termios()
        tcgetattr(terminal, &settings)
        settings.c_oflag &= ~tcflag_t(ONLCR)
        tcsetattr(terminal, TCSANOW, &settings)

        let (process, _, _) = process(arguments, in: directory)
        var environment = process.environment ?? [:]
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm-256color"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let screen = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
        process.standardOutput = screen
        process.standardError = screen
        do {
            try process.run()
        } catch {
            close(terminal)
            throw error
        }
        // Only the child holds the terminal now; reading ends (EIO) when it has closed it.
        close(terminal)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = PseudoTerminal.read(master, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: received, as: UTF8.self),
            standardError: "")
    }
}

/// The C library's pseudo-terminal calls. Glibc's module map leaves `posix_openpt`, `grantpt`,
/// `unlockpt` and `ptsname` out (they sit behind `_XOPEN_SOURCE`), so they are looked up in the
/// C library already loaded into the process.
private enum PseudoTerminal {
    typealias Open = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static let openMaster: Open = function("posix_openpt") ?? { _ in -1 }
    static let grant: Open = function("grantpt") ?? { _ in -1 }
    static let unlock: Open = function("unlockpt") ?? { _ in -1 }
    private static let nameFunction: Name = function("ptsname") ?? { _ in nil }

    /// The path of the terminal side of `master`.
    static func name(_ master: Int32) -> String? {
        nameFunction(master).map { String(cString: $0) }
    }

    /// `read(2)`, named apart from ``SluiceBinary/read(_:until:)``.
    static func read(_ descriptor: Int32, _ buffer: inout [UInt8], _ count: Int) -> Int {
        buffer.withUnsafeMutableBytes { bytes in
            #if canImport(Glibc)
            Glibc.read(descriptor, bytes.baseAddress, count)
            #else
            Darwin.read(descriptor, bytes.baseAddress, count)
            #endif
        }
    }

    private static func function<Function>(_ name: String) -> Function? {
        // A null handle is RTLD_DEFAULT: every library loaded into the process.
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }
}

/// A pseudo-terminal for ``SluiceBinary/runInTerminal(_:in:environment:)`` could not be set up.
public struct TerminalError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
