import Foundation
import SluiceCore

/// Measures the latency live output adds: from the moment `sluice-mock-provider` hands a streamed
/// token's chunk to its HTTP server to the moment the built `sluice` binary's write of that
/// token to stdout returns.
///
/// Both ends stamp the system's monotonic clock (``MonotonicLog``): the mock with `--chunk-log`,
/// `sluice run --stream` with `SLUICE_LIVE_TRACE`. What lies between is everything Sluice does to
/// a byte: loopback TCP, libcurl and URLSession, the SSE parser and dialect, the engine's attempt
/// loop, the run event channel, the live text printer (redaction included) and `write(2)`.
/// Tokens are paired with writes by their place in the answer's text.
///
/// For `sluice-bench` and tests:
/// ```swift
/// let summary = try LiveLatency.measure(words: 200, tokenInterval: .milliseconds(20))
/// print(summary)   // 204 tokens: median 0.61 ms, p90 0.93 ms, p99 1.8 ms, max 2.4 ms
/// ```
public enum LiveLatency {
    /// The latency of each token, in milliseconds, and its distribution.
    public struct Summary: Sendable, CustomStringConvertible {
        /// One latency per token of the answer, in the order the tokens came.
        public var milliseconds: [Double]

        /// The `fraction` quantile (0...1) by the nearest rank.
        public func quantile(_ fraction: Double) -> Double {
            let sorted = milliseconds.sorted()
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)]
        }

        /// `N tokens: median …, p90 …, p99 …, max …` in milliseconds.
        public var description: String {
            func format(_ value: Double) -> String { String(format: "%.2f ms", value) }
            return "\(milliseconds.count) tokens: median \(format(quantile(0.5))), p90 \(format(quantile(0.9))), "
                + "p99 \(format(quantile(0.99))), max \(format(milliseconds.max() ?? 0))"
        }
    }

    /// Streams an answer of about `words` words (plus the mock's 4-word preamble) at one token per
    /// `tokenInterval` through `sluice run --stream` and returns each token's latency.
    public static func measure(words: Int, tokenInterval: Duration) throws -> Summary {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-latency-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let chunks = folder.appendingPathComponent("chunks.log").path
        let writes = folder.appendingPathComponent("writes.log").path
        let mock = try MockProviderServer.start([
            "--token-ms", "\(Int(tokenInterval.milliseconds))", "--chunk-log", chunks,
        ])
        defer { mock.stop() }
        let config = "providers:\n  mock: { kind: openai, base_url: \(mock.baseURL)/v1, api_key_env: LATENCY_KEY }\n"
        try config.write(to: folder.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        let prompt = (1...max(1, words)).map { "word\($0)" }.joined(separator: " ")
        let pipeline = "steps:\n  answer: { model: mock/gpt-4.1-mini, stream: true, prompt: \"\(prompt)\" }\n"
        try pipeline.write(
            to: folder.appendingPathComponent("pipelines/latency.yaml"), atomically: true, encoding: .utf8)
        let outcome = try SluiceBinary.run(
            ["run", "latency", "--stream", "--quiet"], in: folder,
            environment: ["LATENCY_KEY": "latency-measurement-key", "SLUICE_LIVE_TRACE": writes])
        guard outcome.status == 0 else {
            throw MockServerError(message: "sluice run failed (\(outcome.status)): \(outcome.standardError)")
        }
        return try pair(
            tokens: tokens(in: try String(contentsOfFile: chunks, encoding: .utf8)),
            writes: MonotonicLog.records(in: try String(contentsOfFile: writes, encoding: .utf8)))
    }

    /// The text tokens of OpenAI-dialect SSE chunks, with when each was sent.
    static func tokens(in chunkLog: String) -> [(nanoseconds: UInt64, text: String)] {
        MonotonicLog.records(in: chunkLog).compactMap { record in
            guard let start = record.text.range(of: "data: ") else { return nil }
            let payload = record.text[start.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            guard let chunk = try? JSONValue(parsing: payload),
                let text = chunk["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue, !text.isEmpty
            else { return nil }
            return (record.nanoseconds, text)
        }
    }

    /// Each token's latency: the first write that completes the answer's text up to the end of
    /// the token, less when the token was sent. The answer starts after the header line.
    static func pair(
        tokens: [(nanoseconds: UInt64, text: String)], writes: [(nanoseconds: UInt64, text: String)]
    ) throws -> Summary {
        var written = 0
        var headerBytes: Int?
        var writeEnds: [(nanoseconds: UInt64, answerBytes: Int)] = []
        for write in writes {
            written += write.text.utf8.count
            if headerBytes == nil, let newline = write.text.utf8.firstIndex(of: UInt8(ascii: "\n")) {
                headerBytes =
                    written - write.text.utf8.count
                    + write.text.utf8.distance(
                        from: write.text.utf8.startIndex, to: newline) + 1
            }
            writeEnds.append((write.nanoseconds, written - (headerBytes ?? written)))
        }
        var latencies: [Double] = []
        var sent = 0
        var next = 0
        for token in tokens {
            sent += token.text.utf8.count
            while next < writeEnds.count, writeEnds[next].answerBytes < sent { next += 1 }
            guard next < writeEnds.count, writeEnds[next].nanoseconds >= token.nanoseconds else {
                throw MockServerError(message: "token '\(token.text)' has no write after it was sent")
            }
            latencies.append(Double(writeEnds[next].nanoseconds - token.nanoseconds) / 1_000_000)
        }
        return Summary(milliseconds: latencies)
    }
}
