import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only file of lines `NANOSECONDS<TAB>TEXT`, stamped with the system's monotonic
/// clock, which every process on the machine shares: for measuring the time between something
/// one process does and something another does (the mock sending a chunk, `sluice` writing the
/// text it carried).
///
/// Newlines, returns, tabs and backslashes in the text are escaped (`\n`, `\r`, `\t`, `\\`), so one record is
/// one line. Recording costs one `write(2)`; it is meant for measurements, not for normal runs.
public final class MonotonicLog: Sendable {
    /// The open file; the lock keeps two records from mixing in one line.
    private let descriptor: Mutex<Int32>

    /// A log appending to `path` (created if missing), or `nil` if it cannot be opened.
    public init?(path: String) {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { return nil }
        descriptor = Mutex(opened)
    }

    deinit {
        descriptor.withLock { _ = close($0) }
    }

    /// Nanoseconds on the monotonic clock now.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Appends `text` stamped with the time now.
    public func record(_ text: String) {
        let line = "\(Self.now())\t\(Self.escape(text))\n"
        descriptor.withLock { descriptor in
            var bytes = Array(line.utf8)
            _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
    }

    /// The records of a log's text, in order: when, and the unescaped text.
    public static func records(in contents: String) -> [(nanoseconds: UInt64, text: String)] {
        contents.split(separator: "\n").compactMap { line in
            guard let tab = line.firstIndex(of: "\t"), let time = UInt64(line[..<tab]) else { return nil }
            return (time, unescape(line[line.index(after: tab)...]))
        }
    }

    private static func escape(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            case "\t": escaped.append(contentsOf: "\\t".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    private static func unescape(_ text: Substring) -> String {
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                default: result.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
