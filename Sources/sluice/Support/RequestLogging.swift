import Foundation
import Logging
import SluiceCore

/// Request logging on stderr through swift-log: off unless asked for.
///
/// `--verbose` or `SLUICE_LOG=debug` logs one line per provider request (method, URL without
/// secrets, status, timings, request id, rate-limit headers); `SLUICE_LOG=trace` adds the
/// request bodies and stream events. Every line goes through the run's redactor
/// (``RedactingLogHandler``), so keys and secret-named variables never appear at any level.
enum RequestLogging {
    /// Installs the stderr log handler at the level the flag and `SLUICE_LOG` ask for.
    static func bootstrap(
        verbose: Bool, redactor: SecretRedactor, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let level: Logger.Level =
            switch environment["SLUICE_LOG"]?.lowercased() {
            case "trace": .trace
            case "debug": .debug
            default: verbose ? .debug : .warning
            }
        LoggingSystem.bootstrap { label in
            var handler = RedactingLogHandler(
                wrapping: StreamLogHandler.standardError(label: label), redactor: redactor)
            handler.logLevel = level
            return handler
        }
    }
}
