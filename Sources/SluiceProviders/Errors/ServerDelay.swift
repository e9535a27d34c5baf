public import Foundation

/// Reads the waits and reset times servers send, in every notation the providers use.
public enum ServerDelay {
    /// A Go `time.Duration` string as OpenAI and Groq send in `x-ratelimit-reset-*`: one or more
    /// `<decimal><unit>` pairs (`6m0s`, `7.66s`, `12ms`, `1h2m3s`), units `h`, `m`, `s`, `ms`,
    /// `us`/`µs`, `ns`. `nil` when the text is not in that form (unknown, never zero).
    public static func goDuration(_ text: String) -> Duration? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var index = 0
        var total = 0.0
        while index < scalars.count {
            var number = ""
            while index < scalars.count, scalars[index] == "." || ("0"..."9").contains(scalars[index]) {
                number.unicodeScalars.append(scalars[index])
                index += 1
            }
            var unit = ""
            while index < scalars.count, !(scalars[index] == "." || ("0"..."9").contains(scalars[index])) {
                unit.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard let value = Double(number), let seconds = unitSeconds[unit] else { return nil }
            total += value * seconds
        }
        return .nanoseconds(Int64((min(total, maximumSeconds) * 1e9).rounded()))
    }

    /// The longest wait read from a header, about 31 years: a server's number beyond it (or one
    /// too large for a `Double`) is taken as this, never allowed to overflow a `Duration`.
    static let maximumSeconds = 1e9

    private static let unitSeconds: [String: Double] = [
        "h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 0.000_001, "µs": 0.000_001, "μs": 0.000_001,
        "ns": 0.000_000_001,
    ]

    /// A protobuf `Duration` string as Gemini's `RetryInfo.retryDelay` holds it (`34s`, `1.5s`).
    public static func protobufDuration(_ text: String) -> Duration? {
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0 else { return nil }
        return .milliseconds(Int64((min(seconds, maximumSeconds) * 1000).rounded()))
    }

    /// The wait a response's headers ask for: `retry-after-ms` (or Azure's `x-ms-retry-after-ms`),
    /// then `retry-after` as delay-seconds or an HTTP date (measured from `now`).
    public static func retryAfter(in headers: HTTPHeaders, now: Date) -> Duration? {
        for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
            if let text = headers[name], let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)),
                milliseconds >= 0
            {
                return .milliseconds(Int64(min(milliseconds, maximumSeconds * 1000).rounded()))
            }
        }
        guard let text = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds >= 0 {
            return .milliseconds(Int64((min(seconds, maximumSeconds) * 1000).rounded()))
        }
        if let date = httpDate(text) { return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000)) }
        return nil
    }

    /// An RFC 9110 IMF-fixdate (`Wed, 21 Oct 2026 07:28:00 GMT`).
    public static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// An RFC 3339 timestamp as Anthropic's `anthropic-ratelimit-*-reset` headers send.
    public static func rfc3339(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
