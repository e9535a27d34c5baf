public import Foundation

/// The `sluice-mock-provider` executable, started on a free loopback port for one test or benchmark.
///
/// `swift build --build-tests` puts the binary next to the test bundle. ``start(_:)`` launches
/// it with the given flags, waits until it prints its address, and returns; ``stop()`` (or
/// deinit) ends the process. Nothing it serves leaves 127.0.0.1.
public final class MockProviderServer: Sendable {
    /// The mock's executable next to the test bundle (or `sluice`).
    public static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("sluice-mock-provider")

    /// The port it listens on.
    public let port: Int
    private let process: Process
    private let lifeline: Pipe

    /// The server's root address, `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, lifeline: Pipe) {
        self.process = process
        self.port = port
        self.lifeline = lifeline
    }

    deinit { stop() }

    /// Starts the mock off the cooperative pool (``start(_:)``, from async code).
    ///
    /// Starting blocks until the child prints its port, which on a loaded machine takes seconds;
    /// on the pool (two threads on two cores) a few tests starting mocks at once would hold every
    /// thread and stall all other async work in the test process, streams and polls alike.
    public static func launch(_ arguments: [String] = []) async throws -> MockProviderServer {
        try await offThePool { try start(arguments) }
    }

    /// Starts the mock with `arguments` (for example `["--fault-500", "0.5"]`) and waits until it listens.
    public static func start(_ arguments: [String] = []) throws -> MockProviderServer {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--exit-with-stdin"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        // The mock exits when this pipe closes, which happens when this process ends, however
        // it ends; the write end is kept by the returned server (and so by this process).
        let lifeline = Pipe()
        process.standardInput = lifeline
        try process.run()
        let line = readLine(from: output.fileHandleForReading.fileDescriptor)
        guard let portText = line.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines),
            let port = Int(portText)
        else {
            process.terminate()
            throw MockServerError(message: "sluice-mock-provider did not report its port; it printed '\(line)'")
        }
        return MockProviderServer(process: process, port: port, lifeline: lifeline)
    }

    /// The first line the file descriptor delivers, read with `read(2)` so that signals (EINTR)
    /// do not end it the way they end `FileHandle.availableData`.
    private static func readLine(from descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == 0x0A { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stops the server.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// The mock server could not be started.
public struct MockServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
