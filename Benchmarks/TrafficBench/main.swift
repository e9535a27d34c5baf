// Rate-limit saturation: how close `sluice run` gets to a provider's request ceiling, and how many
// requests it has rejected on the way, with the limit configured in sluice.yaml and with the limit
// learned from rate-limit headers. Runs the built `sluice` and `sluice-mock-provider` binaries
// (next to this one) on loopback. Prints figures; asserts nothing.
//
//     swift build --product sluice --product sluice-mock-provider --product sluice-traffic-bench
//     .build/debug/sluice-traffic-bench [CALLS] [RPM] [BURST] [LATENCY_MS] [CONCURRENCY]
//     .build/debug/sluice-traffic-bench ledger [ADMISSIONS]
//
// `ledger` instead times the limiter's admissions (acquire, then finish with usage) on one account
// with no limit to wait for, with budgets in memory and in a SQLite ledger file: the cost the
// cross-process ledger adds to every call.
//
// The mock allows RPM requests per minute per key as a token bucket of BURST requests refilled at
// RPM/60 per second, and answers each call after LATENCY_MS. The ceiling is RPM/60 requests per
// second; "of ideal" compares the run's time with the fastest any client could do: the bucket's
// BURST at once, the rest at the refill rate, plus one latency.

import Foundation
import SluiceCore
import SluiceProviders
import SluiceTraffic

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let calls = numbers.first ?? 600
let rpm = numbers.dropFirst().first ?? 1200
let burst = numbers.dropFirst(2).first ?? 20
let latencyMilliseconds = numbers.dropFirst(3).first ?? 200
let concurrency = numbers.dropFirst(4).first ?? 64
let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

/// Starts the mock and returns it with its base URL.
func startMock() throws -> (Process, String) {
    let process = Process()
    process.executableURL = folder.appendingPathComponent("sluice-mock-provider")
    process.arguments = [
        "--port", "0", "--rpm", "\(rpm)", "--burst", "\(burst)", "--ttft-ms", "\(latencyMilliseconds)",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
    let port = String(decoding: line, as: UTF8.self).split(separator: ":").last.map(String.init) ?? ""
    return (process, "http://127.0.0.1:\(port.trimmingCharacters(in: .whitespaces))")
}

/// A project calling the mock once per item, with `rpm` in sluice.yaml or not.
func makeProject(baseURL: String, configured: Bool) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-traffic-bench-\(UUID())")
    try FileManager.default.createDirectory(
        at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
    let limit = configured ? ", rpm: \(rpm)" : ""
    try """
    providers:
      bench: { kind: openai, base_url: \(baseURL)/v1, api_key_env: BENCH_KEY\(limit), max_concurrency: \(concurrency) }
    """.write(to: root.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
    try """
    inputs:
      items: { type: array }
    steps:
      call:
        for_each: inputs.items
        concurrency: \(concurrency)
        model: bench/m
        max_tokens: 16
        prompt: "Item {{ item }}"
    """.write(to: root.appendingPathComponent("pipelines/fan.yaml"), atomically: true, encoding: .utf8)
    let items = "[" + (0..<calls).map(String.init).joined(separator: ",") + "]"
    try items.write(to: root.appendingPathComponent("items.json"), atomically: true, encoding: .utf8)
    return root
}

/// Runs `sluice run fan` in `project` and returns its exit status.
func runSluice(in project: URL) throws -> Int32 {
    let process = Process()
    process.executableURL = folder.appendingPathComponent("sluice")
    process.arguments = ["run", "fan", "-i", "items=@items.json", "--concurrency", "\(concurrency)", "--quiet"]
    process.currentDirectoryURL = project
    var environment = ProcessInfo.processInfo.environment
    environment["BENCH_KEY"] = "bench-key-0001"
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// The mock's `/_mock/stats`.
func stats(baseURL: String) async throws -> JSONValue {
    guard let url = URL(string: baseURL + "/_mock/stats") else { return .null }
    let (data, _) = try await URLSession.shared.data(from: url)
    return try JSONValue(parsing: Array(data))
}

/// Times `count` admissions on `ledger` and returns the mean per admission in microseconds.
func timeAdmissions(_ count: Int, ledger: any RateLedger) async throws -> Double {
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

if CommandLine.arguments.dropFirst().first == "ledger" {
    let count = numbers.first ?? 5000
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("traffic-bench-\(UUID()).db")
    defer { try? FileManager.default.removeItem(at: file) }
    let memory = try await timeAdmissions(count, ledger: InMemoryRateLedger())
    let sqlite = try await timeAdmissions(count, ledger: try SQLiteRateLedger(at: file))
    print("\(count) admissions (acquire + finish) on one account")
    print(String(format: "in memory: %8.1f µs each", memory))
    print(String(format: "SQLite:    %8.1f µs each (two IMMEDIATE transactions)", sqlite))
    exit(0)
}

print(
    "calls \(calls), ceiling \(rpm) rpm (\(Double(rpm) / 60)/s), bucket \(burst), latency \(latencyMilliseconds) ms, "
        + "concurrency \(concurrency)")
print("limit        status  seconds  req/s   of ceiling  of ideal  429s  extra requests")
let ceiling = Double(rpm) / 60
let ideal = Double(max(0, calls - burst)) / ceiling + Double(latencyMilliseconds) / 1000
for configured in [true, false] {
    let (mock, baseURL) = try startMock()
    defer { mock.terminate() }
    let project = try makeProject(baseURL: baseURL, configured: configured)
    defer { try? FileManager.default.removeItem(at: project) }
    let clock = ContinuousClock()
    let started = clock.now
    let status = try runSluice(in: project)
    let elapsed = (clock.now - started).seconds
    let counters = try await stats(baseURL: baseURL)
    let rejected = counters["statuses"]?["429"]?.intValue ?? 0
    let succeeded = counters["statuses"]?["200"]?.intValue ?? 0
    let rate = Double(succeeded) / elapsed
    let label = (configured ? "configured" : "learned").padding(toLength: 12, withPad: " ", startingAt: 0)
    print(
        label
            + String(
                format: "%6d  %7.2f  %6.2f  %9.1f%%  %7.1f%%  %4d  %5.2f%%", status, elapsed, rate,
                100 * rate / ceiling, 100 * ideal / elapsed,
                rejected, 100 * Double(rejected) / Double(calls)))
    mock.terminate()
    mock.waitUntilExit()
}
