import Foundation
import SluiceCore
import SluiceTestSupport

/// Load on `sluice-mock-provider` itself, with `wrk` (Debian's `wrk` package): non-streamed
/// requests per second over 50 connections, then 500 concurrent streams at 200 ms per token.
/// It measures the test server, not Sluice, so `all` leaves it out: it shows the mock is never
/// the bottleneck of the other sections.
struct MockLoadSection {
    func run(_ context: BenchContext) async throws -> [Figure] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile)
        else {
            return [Figure.notMeasurable("mock: requests per second", unit: "/s", because: "wrk is not installed")]
        }
        let scripts = try ScratchProject("mock-load")
        defer { scripts.remove() }
        let post = """
            wrk.method = "POST"
            wrk.body = '{"model":"m","messages":[{"role":"user","content":"hello there world"}]}'
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer sk-load"
            """
        try scripts.write(post, to: "post.lua")
        try scripts.write(
            post.replacingOccurrences(
                of: #""messages""#, with: #""stream":true,"stream_options":{"include_usage":true},"messages""#),
            to: "stream.lua")
        let seconds = context.size(15, quick: 2)

        let plain = try MockProviderServer.start()
        defer { plain.stop() }
        let plainReport = try Self.wrk(
            wrk, ["-t2", "-c50", "-d\(seconds)s", "-s", scripts.root.appendingPathComponent("post.lua").path],
            url: plain.baseURL + "/v1/chat/completions")
        plain.stop()

        let streaming = try MockProviderServer.start(["--token-ms", "200"])
        defer { streaming.stop() }
        let connections = context.size(500, quick: 50)
        _ = try Self.wrk(
            wrk,
            [
                "-t2", "-c\(connections)", "-d\(seconds + 5)s", "--timeout", "30s", "-s",
                scripts.root.appendingPathComponent("stream.lua").path,
            ], url: streaming.baseURL + "/v1/chat/completions")
        let stats = try await streaming.stats()
        return [
            Figure(name: "mock: non-streamed requests per second, 50 connections", value: plainReport, unit: "/s"),
            Figure(
                name: "mock: streams held at once (of \(connections) connections)",
                value: stats["peak_streams"]?.intValue.map(Double.init), unit: "streams",
                goal: .atLeast(Double(connections))),
        ]
    }

    /// Runs wrk and returns its "Requests/sec" figure.
    private static func wrk(_ wrk: String, _ arguments: [String], url: String) throws -> Double? {
        let run = try ChildProcess.run(URL(fileURLWithPath: wrk), arguments + [url], captureOutput: true)
        let line = run.output.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }
        return line.flatMap { Double($0.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces)) }
    }

}
