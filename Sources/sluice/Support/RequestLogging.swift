import Foundation
import Logging

/// Request logging on stderr through swift-log: off unless asked for.
///
/// `--verbose` or `SLUICE_LOG=debug` logs one line per provider request (method, URL without
/// secrets, status, timings, request id, rate-limit headers); `SLUICE_LOG=trace` adds the
/// request bodies and stream events, redacted. Keys never appear at any level.
enum RequestLogging {
    /// Installs the stderr log handler at the level the flag and `SLUICE_LOG` ask for.
    static func bootstrap(verbose: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level: Logger.Level =
            switch environment["SLUICE_LOG"]?.lowercased() {
            case "trace": .trace
            case "debug": .debug
            default: verbose ? .debug : .warning
            }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
