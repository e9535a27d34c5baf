import Foundation
import SluiceCore
import SluiceTestSupport

/// Streaming pass-through latency: from the moment a streamed chunk's bytes are written to
/// sluice's socket to the moment its text appears on sluice's stdout, for a `stream: true` step
/// of one call.
///
/// The chunks come from ``StreamingServer`` (this process) at a steady cadence, so each one's
/// send time is known exactly on the same monotonic clock the pipe is read with. `sluice run`
/// shows live text only on a terminal unless `--stream` is given, and the benchmark reads a pipe,
/// so it passes `--stream`. A run that shows none of the chunks is an error, not a figure: it
/// means live output is broken (or no longer reaches a pipe), and CI's `--quick` run must fail.
struct StreamSection {
    func run(_ context: BenchContext) async throws -> [Figure] {
        let words = context.size(60, quick: 10)
        let server = try StreamingServer(words: words, interval: .milliseconds(20))
        let project = try ScratchProject("stream")
        defer { project.remove() }
        try project.write(
            """
            providers:
              bench: { kind: openai, base_url: http://127.0.0.1:\(server.port)/v1, api_key_env: BENCH_KEY }
            """, to: "sluice.yaml")
        try project.write(
            """
            steps:
              talk:
                model: bench/m
                stream: true
                prompt: "Say \(words) words."
            """, to: "pipelines/talk.yaml")
        let (process, output, error) = SluiceBinary.process(
            ["run", "talk", "--stream", "--project", project.root.path], in: project.root,
            environment: ["BENCH_KEY": "bench-key-0001"])
        process.executableURL = context.sluice
        async let served: Void = offThePool { server.serve() }
        try process.run()
        async let standardOutput = offThePool { TimedOutput.read(output.fileHandleForReading.fileDescriptor) }
        async let standardError = offThePool { TimedOutput.read(error.fileHandleForReading.fileDescriptor) }
        let (outputs, errors) = try await (standardOutput, standardError)
        process.waitUntilExit()
        server.stop()
        try await served
        guard process.terminationStatus == 0 else {
            let text = errors.pieces.flatMap(\.1)
            throw BenchError("the streaming run failed: " + String(decoding: text, as: UTF8.self).suffix(2000))
        }
        let seen = outputs.arrivals(of: (0..<words).map(StreamingServer.word))
        let sent = server.sendTimes
        let latencies = zip(seen, sent).compactMap { seen, sent in seen.map { ($0 - sent).milliseconds } }
        guard !latencies.isEmpty else {
            throw BenchError(
                "none of the \(words) streamed chunks appeared on the stdout of 'sluice run --stream' "
                    + "(\(sent.count) were sent): live output of 'stream: true' steps is broken; "
                    + "run the LiveLatencyTests and the live output tests to find out where. stdout was: "
                    + String(decoding: outputs.pieces.flatMap(\.1), as: UTF8.self).suffix(500))
        }
        let streamTime = Double(words - 1) * 20
        let name = "stream of \(words) chunks, 20 ms apart: pass-through"
        guard latencies.count == words, let worst = latencies.max(), worst < streamTime / 2 else {
            return [
                Figure.notMeasurable(
                    name, unit: "ms",
                    because: "the streamed text did not appear on sluice's output while the stream ran "
                        + "(\(latencies.count) of \(words) chunks seen)")
            ]
        }
        return [
            Figure(name: "\(name) median", value: latencies.median, unit: "ms"),
            Figure(name: "\(name) 90th percentile", value: latencies.percentile(0.9), unit: "ms"),
            Figure(name: "\(name) worst", value: worst, unit: "ms"),
        ]
    }
}
