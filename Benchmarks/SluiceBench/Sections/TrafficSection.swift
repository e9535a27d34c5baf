import Foundation
import SluiceCore
import SluiceProviders
import SluiceTestSupport
import SluiceTraffic

/// Rate-limit saturation: how close `sluice run` comes to a provider's request ceiling, and how
/// many requests the provider rejects on the way, with the limit configured in `sluice.yaml` and
/// with it learned from the rate-limit headers; then the cost of the cross-process ledger.
///
/// `sluice-mock-provider` allows `rpm` requests per minute per key as a token bucket of `burst`
/// requests refilled at `rpm/60` per second and answers each call after `latency`. The ceiling
/// is `rpm/60` requests per second; "of ideal" compares the run's time with the fastest any
/// client could finish: the bucket's `burst` at once, the rest at the refill rate, plus one latency.
struct TrafficSection {
    var calls = 600
    var rpm = 1200
    var burst = 20
    var latencyMilliseconds = 200
    var concurrency = 64

    func run(_ context: BenchContext) async throws -> [Figure] {
        let calls = context.size(self.calls, quick: 30)
        let ceiling = Double(rpm) / 60
        let ideal = Double(max(0, calls - burst)) / ceiling + Double(latencyMilliseconds) / 1000
        var figures: [Figure] = []
        for configured in [true, false] {
            let mock = try MockProviderServer.start([
                "--rpm", "\(rpm)", "--burst", "\(burst)", "--ttft-ms", "\(latencyMilliseconds)",
            ])
            defer { mock.stop() }
            let project = try makeProject(baseURL: mock.baseURL, configured: configured, calls: calls)
            defer { project.remove() }
            let run = try ChildProcess.run(
                context.sluice,
                [
                    "run", "fan", "-i", "items=@\(project.root.path)/items.json", "--concurrency", "\(concurrency)",
                    "--quiet", "--project", project.root.path,
                ],
                environment: ["BENCH_KEY": "bench-key-0001"])
            let statuses = try await mock.stats()["statuses"] ?? .null
            let rejected = Double(statuses["429"]?.intValue ?? 0)
            let rate = Double(statuses["200"]?.intValue ?? 0) / run.wall.seconds
            let label = configured ? "configured limit" : "learned limit"
            let (ceilingGoal, extraGoal) = configured ? (97.0, 1.0) : (90.0, 5.0)
            figures += [
                Figure(
                    name: "\(label): \(calls) calls, share of the ceiling", value: 100 * rate / ceiling, unit: "%",
                    goal: .atLeast(ceilingGoal)),
                Figure(name: "\(label): share of the ideal time", value: 100 * ideal / run.wall.seconds, unit: "%"),
                Figure(
                    name: "\(label): extra requests (429s)", value: 100 * rejected / Double(calls), unit: "%",
                    goal: .atMost(extraGoal)),
            ]
        }
        let admissions = context.size(5000, quick: 200)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-ledger-\(UUID()).db")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
        }
        figures += [
            Figure(
                name: "ledger in memory: one admission (acquire + finish)",
                value: try await Self.timeAdmissions(admissions, ledger: InMemoryRateLedger()), unit: "µs"),
            Figure(
                name: "ledger in SQLite: one admission (acquire + finish)",
                value: try await Self.timeAdmissions(admissions, ledger: try SQLiteRateLedger(at: file)), unit: "µs"),
        ]
        return figures
    }

    /// A project calling the mock once per item, with `rpm` in sluice.yaml or not.
    private func makeProject(baseURL: String, configured: Bool, calls: Int) throws -> ScratchProject {
        let project = try ScratchProject("traffic")
        let limit = configured ? ", rpm: \(rpm)" : ""
        try project.write(
            """
            providers:
              bench: { kind: openai, base_url: \(baseURL)/v1, api_key_env: BENCH_KEY\(limit), max_concurrency: \(concurrency) }
            """, to: "sluice.yaml")
        try project.write(
            """
            inputs:
              items: { type: array }
            steps:
              call:
                for_each: inputs.items
                concurrency: \(concurrency)
                model: bench/m
                max_tokens: 16
                prompt: "Item {{ item }}"
            """, to: "pipelines/fan.yaml")
        try project.write("[" + (0..<calls).map(String.init).joined(separator: ",") + "]", to: "items.json")
        return project
    }

    /// The mean time of one admission on `ledger`, in microseconds: acquire, then finish with usage,
    /// on one account with no limit to wait for.
    private static func timeAdmissions(_ count: Int, ledger: any RateLedger) async throws -> Double {
        let limiter = RateLimiter(limits: ["bench": TrafficLimits(requestsPerMinute: 100_000_000)], ledger: ledger)
        let account = ProviderAccount(provider: "bench", key: "bench-key")
        let cost = RequestCost(inputTokens: 100, outputTokens: 100)
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<count {
            let permit = try await limiter.acquire(cost, on: account)
            try await limiter.finish(permit, usage: TokenUsage(inputTokens: 100, outputTokens: 20))
        }
        return (clock.now - started).seconds * 1e6 / Double(count)
    }
}
