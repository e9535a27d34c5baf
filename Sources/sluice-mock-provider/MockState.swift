import Foundation
import SluiceCore

/// What the mock remembers across requests: statistics, the request log, per-key rate windows
/// and the fault dice.
actor MockState {
    private let options: MockOptions
    private var random: SeededRandom
    private var requestCount = 0
    private var byStatus: [Int: Int] = [:]
    private var byDialect: [String: Int] = [:]
    private var faults: [String: Int] = [:]
    private var activeStreams = 0
    private var peakStreams = 0
    private var log: [JSONValue] = []
    private let logFile: FileHandle?
    /// With `--chunk-log`: every streamed chunk, stamped with the monotonic clock as it is handed to the server.
    nonisolated let chunkLog: MonotonicLog?
    /// The most requests `/_mock/requests` keeps.
    private static let logLimit = 10_000
    /// Per key: the times and token counts of requests in the last minute.
    private var windows: [String: [(at: ContinuousClock.Instant, tokens: Int)]] = [:]
    /// Per key, with `--burst`: the request bucket's level and when it was last filled.
    private var buckets: [String: (level: Double, at: ContinuousClock.Instant)] = [:]

    init(options: MockOptions) {
        self.options = options
        self.random = SeededRandom(seed: options.seed)
        chunkLog = options.chunkLog.flatMap { MonotonicLog(path: $0) }
        if let path = options.requestLog {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            logFile = FileHandle(forWritingAtPath: path)
        } else {
            logFile = nil
        }
    }

    /// Rolls the dice for a fault, in the order of ``MockOptions/faultProbabilities``.
    func rollFault() -> Fault? {
        for (fault, probability) in options.faultProbabilities where probability > 0 {
            if random.nextFraction() < probability { return fault }
        }
        return nil
    }

    /// Records a request and what the mock did with it.
    func record(_ entry: JSONValue, status: Int, dialect: String?, fault: Fault?) {
        requestCount += 1
        byStatus[status, default: 0] += 1
        if let dialect { byDialect[dialect, default: 0] += 1 }
        if let fault { faults[fault.rawValue, default: 0] += 1 }
        // The in-memory log serves `/_mock/requests`; it keeps the latest entries only, so a
        // long load test does not grow it without bound.
        if log.count >= Self.logLimit { log.removeFirst(log.count / 2) }
        log.append(entry)
        if let logFile { logFile.write(Data((entry.formatted(.compact) + "\n").utf8)) }
    }

    func streamStarted() {
        activeStreams += 1
        peakStreams = max(peakStreams, activeStreams)
    }

    func streamEnded() { activeStreams -= 1 }

    /// The limit a request from `key` with `tokens` would break, if any, and the wait until the
    /// oldest request in the window leaves it. Requests within limits are counted.
    func admit(key: String, tokens: Int) -> RateDecision {
        guard options.rpm != nil || options.tpm != nil else {
            return RateDecision(limited: nil, wait: .zero, remainingRequests: nil, remainingTokens: nil)
        }
        let now = ContinuousClock.now
        if let burst = options.burst, let rpm = options.rpm {
            return admitFromBucket(key: key, capacity: Double(max(1, burst)), perSecond: Double(rpm) / 60, now: now)
        }
        var window = windows[key, default: []].filter { now - $0.at < .seconds(60) }
        let usedTokens = window.reduce(0) { $0 + $1.tokens }
        let wait = window.first.map { .seconds(60) - (now - $0.at) } ?? .zero
        if let rpm = options.rpm, window.count >= rpm {
            windows[key] = window
            return RateDecision(limited: "requests", wait: wait, remainingRequests: 0, remainingTokens: nil)
        }
        if let tpm = options.tpm, usedTokens + tokens > tpm {
            windows[key] = window
            return RateDecision(
                limited: "tokens", wait: wait, remainingRequests: nil, remainingTokens: max(0, tpm - usedTokens))
        }
        window.append((now, tokens))
        windows[key] = window
        return RateDecision(
            limited: nil, wait: wait, remainingRequests: options.rpm.map { $0 - window.count },
            remainingTokens: options.tpm.map { max(0, $0 - usedTokens - tokens) })
    }

    /// The `--burst` request limit: a bucket of `capacity` requests per key, refilled at
    /// `perSecond`; the wait is until one request's worth is back (for a 429) or until it is full.
    private func admitFromBucket(
        key: String, capacity: Double, perSecond: Double, now: ContinuousClock.Instant
    ) -> RateDecision {
        var (level, at) = buckets[key] ?? (capacity, now)
        level = min(capacity, level + (now - at).seconds * perSecond)
        guard level >= 1 else {
            buckets[key] = (level, now)
            return RateDecision(
                limited: "requests", wait: .fromMilliseconds((1 - level) / perSecond * 1000), remainingRequests: 0,
                remainingTokens: nil)
        }
        level -= 1
        buckets[key] = (level, now)
        return RateDecision(
            limited: nil, wait: .fromMilliseconds((capacity - level) / perSecond * 1000),
            remainingRequests: Int(level), remainingTokens: nil)
    }

    /// Counters for `GET /_mock/stats`.
    var stats: JSONValue {
        var statuses = JSONObject()
        for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) { statuses[String(status)] = .integer(count) }
        var dialects = JSONObject()
        for (name, count) in byDialect.sorted(by: { $0.key < $1.key }) { dialects[name] = .integer(count) }
        var faultCounts = JSONObject()
        for (name, count) in faults.sorted(by: { $0.key < $1.key }) { faultCounts[name] = .integer(count) }
        return [
            "requests": .integer(requestCount), "statuses": .object(statuses), "dialects": .object(dialects),
            "faults": .object(faultCounts), "active_streams": .integer(activeStreams),
            "peak_streams": .integer(peakStreams),
        ]
    }

    /// Every request so far, for `GET /_mock/requests`.
    var requests: JSONValue { .array(log) }
}

/// Whether a request fits the rate limits, and the numbers for rate-limit headers.
struct RateDecision: Sendable {
    var limited: String?
    var wait: Duration
    var remainingRequests: Int?
    var remainingTokens: Int?
}
