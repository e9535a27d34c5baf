import Foundation
import SluiceCore
import SluiceProviders
import SluiceTestSupport
import Testing

@testable import SluiceTraffic

@Suite("The rate limiter, on an injected clock")
struct RateLimiterTests {
    private let account = ProviderAccount(provider: "openai", key: "sk-test-limiter")
    private let small = RequestCost(inputTokens: 10, outputTokens: 10)
    /// The spacing of requests under 60 requests per minute.
    private let interval = Duration.fromMilliseconds(60_000 / (60 * AccountBudget.headroom))

    private func limiter(
        _ limits: TrafficLimits, clock: ManualTimeSource, ledger: any RateLedger = InMemoryRateLedger()
    )
        -> RateLimiter
    {
        RateLimiter(limits: ["openai": limits], ledger: ledger, clock: clock)
    }

    /// Starts an acquire in `lane` and returns once it is queued.
    private func enqueue(
        _ lane: String, on limiter: RateLimiter, expectedWaiting: Int
    ) async -> Task<
        TrafficPermit, any Error
    > {
        let task = Task { try await limiter.acquire(small, on: account, lane: lane) }
        await limiter.waitUntilWaiting(expectedWaiting, on: account)
        return task
    }

    /// Lets `count` waiting requests go, advancing the clock one pacing interval for each.
    private func release(_ count: Int, advancing clock: ManualTimeSource) async {
        for _ in 0..<count {
            await clock.waitForSleepers(1)
            clock.advance(by: interval + .milliseconds(1))
        }
    }

    /// The indices of `tasks` in the order their requests were granted (they all queued at once,
    /// so the longer a request waited, the later it went).
    private func grantOrder(_ tasks: [Task<TrafficPermit, any Error>]) async throws -> [Int] {
        var waits: [(index: Int, waited: Duration)] = []
        for (index, task) in tasks.enumerated() { waits.append((index, try await task.value.waited)) }
        return waits.sorted { $0.waited < $1.waited }.map(\.index)
    }

    @Test func requestsOfOneStepAreServedFirstComeFirstServed() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(requestsPerMinute: 60), clock: clock)
        _ = try await limiter.acquire(small, on: account)
        var tasks: [Task<TrafficPermit, any Error>] = []
        for index in 0..<4 { tasks.append(await enqueue("step", on: limiter, expectedWaiting: index + 1)) }
        await release(4, advancing: clock)
        #expect(try await grantOrder(tasks) == [0, 1, 2, 3])
    }

    @Test func aLongFanOutDoesNotStarveALaterSingleStep() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(requestsPerMinute: 60), clock: clock)
        _ = try await limiter.acquire(small, on: account)
        var tasks: [Task<TrafficPermit, any Error>] = []
        for index in 0..<8 { tasks.append(await enqueue("fan-out", on: limiter, expectedWaiting: index + 1)) }
        tasks.append(await enqueue("summary", on: limiter, expectedWaiting: 9))
        await release(9, advancing: clock)
        let order = try await grantOrder(tasks)
        // Pure first come, first served would serve the single step ninth; it goes third.
        #expect(order.firstIndex(of: 8) == 2)
        #expect(order.filter { $0 != 8 } == Array(0..<8))
    }

    @Test func a429PausesTheWholeAccountAndWaitersThenLeaveOneIntervalApart() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(requestsPerMinute: 60), clock: clock)
        let first = try await limiter.acquire(small, on: account)
        let rateLimited = ProviderError(
            code: .rateLimited, message: "slow down", provider: "openai", retryAfter: .seconds(10))
        try await limiter.finish(first, usage: nil, error: rateLimited)
        var tasks: [Task<TrafficPermit, any Error>] = []
        for index in 0..<3 { tasks.append(await enqueue("step", on: limiter, expectedWaiting: index + 1)) }
        await clock.waitForSleepers(1)
        // One sleeper for the whole account, not one per request.
        #expect(clock.pendingSleeps == [.seconds(10)])
        clock.advance(by: .seconds(10) + .milliseconds(1))
        await release(2, advancing: clock)
        var waits: [Duration] = []
        for task in tasks { waits.append(try await task.value.waited) }
        #expect(waits[0] == .seconds(10) + .milliseconds(1))
        #expect(waits[1] - waits[0] >= interval - .milliseconds(2))
        #expect(waits[2] - waits[1] >= interval - .milliseconds(2))
    }

    @Test func a429WithoutADelayPausesForASecondAndExhaustedQuotaDoesNotPause() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(.none, clock: clock)
        let quota = ProviderError(code: .quotaExhausted, message: "no quota", provider: "openai")
        try await limiter.finish(try await limiter.acquire(small, on: account), usage: nil, error: quota)
        let bare = ProviderError(code: .rateLimited, message: "slow down", provider: "openai")
        try await limiter.finish(try await limiter.acquire(small, on: account), usage: nil, error: bare)
        let waiting = Task { try await limiter.acquire(small, on: account) }
        await clock.waitForSleepers(1)
        #expect(clock.pendingSleeps == [.seconds(1)])
        clock.advance(by: .seconds(1))
        #expect(try await waiting.value.waited == .seconds(1))
    }

    @Test func rateLimitHeadersTeachTheLimitAndALowRemainingHoldsRequests() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(.none, clock: clock)
        let first = try await limiter.acquire(small, on: account)
        // Nothing configured: the provider says 60 a minute, and that another client used them all.
        let snapshot = RateLimitSnapshot(requests: RateLimitSnapshot.Bucket(limit: 60, remaining: 0))
        try await limiter.finish(first, usage: TokenUsage(inputTokens: 10, outputTokens: 10), rateLimits: snapshot)
        let waiting = Task { try await limiter.acquire(small, on: account) }
        await clock.waitForSleepers(1)
        #expect(clock.pendingSleeps.first.map { abs(($0 - interval).seconds) < 0.001 } == true)
        clock.advance(by: interval + .milliseconds(1))
        _ = try await waiting.value
    }

    @Test func thePermitRecordsHowLongTheRequestWaited() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(requestsPerMinute: 60), clock: clock)
        let first = try await limiter.acquire(small, on: account)
        #expect(first.waited == .zero)
        let second = Task { try await limiter.acquire(small, on: account) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        let permit = try await second.value
        #expect(permit.waited == .seconds(2))
    }

    @Test func theConcurrencyCapHoldsRequestsUntilASlotIsFreed() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(maximumConcurrency: 1), clock: clock)
        let first = try await limiter.acquire(small, on: account)
        let second = Task { try await limiter.acquire(small, on: account) }
        await limiter.waitUntilWaiting(1, on: account)
        #expect(clock.pendingSleeps.isEmpty)
        try await limiter.finish(first, usage: TokenUsage(inputTokens: 5, outputTokens: 5))
        _ = try await second.value
        #expect(clock.now == .zero)
    }

    @Test func tokensNotUsedAreGivenBackAndTheNextRequestGoesSooner() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(tokensPerMinute: 6000), clock: clock)
        let large = RequestCost(inputTokens: 0, outputTokens: 1000)
        let first = try await limiter.acquire(large, on: account)
        let second = Task { try await limiter.acquire(large, on: account) }
        await clock.waitForSleepers(1)
        // Unreconciled, the second request would wait about 10.2 s for 1000 tokens' budget.
        try await limiter.finish(first, usage: TokenUsage(inputTokens: 0, outputTokens: 100))
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(1100))
        let permit = try await second.value
        #expect(permit.waited <= .milliseconds(1100))
    }

    @Test func aCancelledWaiterLeavesTheQueueAndTheNextOneIsServed() async throws {
        let clock = ManualTimeSource()
        let limiter = limiter(TrafficLimits(requestsPerMinute: 60), clock: clock)
        _ = try await limiter.acquire(small, on: account)
        let cancelled = await enqueue("a", on: limiter, expectedWaiting: 1)
        let next = await enqueue("a", on: limiter, expectedWaiting: 2)
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await clock.waitForSleepers(1)
        clock.advance(by: interval + .milliseconds(1))
        let permit = try await next.value
        #expect(permit.waited > .zero)
    }

    @Test func twoLimitersSharingOneLedgerFileStayUnderTheLimitTogether() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-ledger-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("traffic.db")
        let clock = ManualTimeSource()
        let limits = TrafficLimits(requestsPerMinute: 60)
        let first = limiter(limits, clock: clock, ledger: try SQLiteRateLedger(at: file))
        let second = limiter(limits, clock: clock, ledger: try SQLiteRateLedger(at: file))
        _ = try await first.acquire(small, on: account)
        let waiting = Task { try await second.acquire(small, on: account) }
        await clock.waitForSleepers(1)
        #expect(clock.pendingSleeps.first.map { $0 >= interval - .milliseconds(1) } == true)
        clock.advance(by: interval + .milliseconds(1))
        let permit = try await waiting.value
        #expect(permit.waited == interval + .milliseconds(1))
        let status = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(status == 0o600)
    }

    @Test func aLimitOneProcessLearnsPacesAnotherThatHasNoneConfigured() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-ledger-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("traffic.db")
        let clock = ManualTimeSource()
        // Two processes, neither configured; only the first sees a response with headers.
        let learner = limiter(.none, clock: clock, ledger: try SQLiteRateLedger(at: file))
        let other = limiter(.none, clock: clock, ledger: try SQLiteRateLedger(at: file))
        let first = try await learner.acquire(small, on: account)
        let snapshot = RateLimitSnapshot(requests: RateLimitSnapshot.Bucket(limit: 60, remaining: 59))
        try await learner.finish(first, usage: TokenUsage(inputTokens: 10, outputTokens: 10), rateLimits: snapshot)
        // The other process paces by the learned 60 a minute: one request at once (the burst
        // allowance of a 60-a-minute limit), the next an interval later.
        _ = try await other.acquire(small, on: account)
        let waiting = Task { try await other.acquire(small, on: account) }
        await clock.waitForSleepers(1)
        #expect(clock.pendingSleeps.first.map { abs(($0 - interval).seconds) < 0.002 } == true)
        clock.advance(by: interval + .milliseconds(1))
        #expect(try await waiting.value.waited == interval + .milliseconds(1))
        // And a configured limit looser than the learned one does not loosen it.
        let generous = limiter(
            TrafficLimits(requestsPerMinute: 6000), clock: clock, ledger: try SQLiteRateLedger(at: file))
        let held = Task { try await generous.acquire(small, on: account) }
        await clock.waitForSleepers(1)
        #expect(clock.pendingSleeps.first.map { $0 > .milliseconds(900) } == true)
        clock.advance(by: interval + .milliseconds(1))
        _ = try await held.value
    }

    @Test func processesOpeningANewLedgerFileTogetherAllShareIt() async throws {
        // Two `sluice run`s started together both find no file; neither may replace the other's.
        for _ in 0..<5 {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-ledger-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("traffic.db")
            let ledgers = try await withThrowingTaskGroup(of: SQLiteRateLedger.self) { group in
                // Opening blocks (SQLite's busy wait): each on a thread of its own, not the pool's.
                for _ in 0..<4 { group.addTask { try await offThePool { try SQLiteRateLedger(at: file) } } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let cost = small
            for ledger in ledgers {
                _ = try await ledger.withBudget(of: account) { budget in
                    budget.take(cost, limits: .none, at: 0)
                }
            }
            let taken = try await ledgers[0].withBudget(of: account) { budget in
                budget.take(cost, limits: .none, at: 0)[.requests]
            }
            #expect(taken == 4)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func aLedgerThatCannotBeOpenedSaysWhereAndWhatToDo() {
        #expect {
            _ = try SQLiteRateLedger(at: URL(fileURLWithPath: "/proc/no-such-dir/traffic.db"))
        } throws: { error in
            guard let error = error as? TrafficError else { return false }
            return error.code == .ledgerCannotOpen && error.message.contains("/proc/no-such-dir/traffic.db")
        }
    }
}
