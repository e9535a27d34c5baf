public import Foundation

/// The built `sluice` executable, run as a user would run it, for end-to-end tests.
///
/// `swift build --build-tests` (and `swift test`) put the binary in the build products folder,
/// next to the test bundle, which is where ``executable`` looks. Every run gets `NO_COLOR=1`
/// and an empty stdin; stdout and stderr are read at the same time, so a chatty command cannot
/// block on a full pipe.
public enum SluiceBinary {
    /// How a finished run of the binary went.
    public struct Outcome: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to stdout.
        public var standardOutput: String
        /// Everything written to stderr.
        public var standardError: String
    }

    /// The `sluice` executable next to the test bundle.
    public static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("sluice")

    /// Provider key variables removed from every run's environment; tests set the ones they need.
    public static let hermeticVariables = [
        "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENROUTER_API_KEY",
        "GROQ_API_KEY", "SLUICE_LOG", "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy",
        "NO_PROXY",
    ]

    /// Whether the binary has been built.
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// A process for `sluice ARGUMENTS` in `directory`, not yet started, with its stdout and stderr
    /// pipes; `environment` is set on top of this process's environment.
    public static func process(
        _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
    )
        -> (Process, output: Pipe, error: Pipe)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // A developer's real keys must never send a test's requests beyond loopback.
        for name in hermeticVariables { environment[name] = nil }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        return (process, output, error)
    }

    /// Runs `sluice ARGUMENTS` in `directory` to the end, with `environment` set on top of this
    /// process's environment.
    public static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:]
    ) throws
        -> Outcome
    {
        let (process, output, error) = process(arguments, in: directory, environment: environment)
        try process.run()
        let errorText = Collected()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            errorText.data = error.fileHandleForReading.readDataToEndOfFile()
            reading.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorText.data, as: UTF8.self))
    }

    /// What `pipe` delivers until it has delivered `marker`, or until it ends: for waiting on
    /// a running process's progress rather than on time.
    public static func read(_ pipe: Pipe, until marker: String) -> String {
        var seen = ""
        while !seen.contains(marker) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return seen
    }
}

/// Data handed from the reading queue back to the caller, which waits for it.
private final class Collected: @unchecked Sendable {
    var data = Data()
}
