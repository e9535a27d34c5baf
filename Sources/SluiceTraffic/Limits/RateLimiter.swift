import Foundation
public import SluiceCore
public import SluiceProviders
import Synchronization

/// Holds each request until its provider account has capacity, shared by every step and
/// fan-out item of a run (and, through a shared ``RateLedger``, by other processes).
///
/// An account's limits are requests, tokens, input and output tokens per minute (from
/// `sluice.yaml`, tightened by what the provider's rate-limit headers report) and requests in
/// flight. A request waits, it never fails, for a limit the limiter knows: ``acquire(_:on:lane:)``
/// returns when the request may go, with the time it waited. Waiting requests are served one at
/// a time per account, round-robin across lanes (steps) and first come, first served within one.
/// A 429 pauses the whole account until its retry-after, for every waiting request at once.
/// All waits are on the injected ``TimeSource``.
public final class RateLimiter: Sendable {
    private let ledger: any RateLedger
    private let clock: any TimeSource
    private let limitsByProvider: [String: TrafficLimits]
    /// The waiting requests and slots of each account in this process, by account id.
    private let queues = Mutex<[String: AccountQueue]>([:])

    /// A limiter applying `limits` (by provider name; providers not named have no configured
    /// limit) and keeping budgets in `ledger`.
    public init(
        limits: [String: TrafficLimits], ledger: any RateLedger = InMemoryRateLedger(),
        clock: any TimeSource = SystemTimeSource()
    ) {
        self.limitsByProvider = limits
        self.ledger = ledger
        self.clock = clock
    }

    /// The configured limits of `account`'s provider.
    public func limits(of account: ProviderAccount) -> TrafficLimits {
        limitsByProvider[account.provider] ?? .none
    }

    private func queue(of account: ProviderAccount) -> AccountQueue {
        let maximumConcurrency = limits(of: account).maximumConcurrency
        return queues.withLock { queues in
            if let queue = queues[account.id] { return queue }
            let queue = AccountQueue(maximumConcurrency: maximumConcurrency)
            queues[account.id] = queue
            return queue
        }
    }

    private var wallClock: Double { clock.date.timeIntervalSince1970 }

    // MARK: - Acquiring

    /// Waits until a request costing `cost` may be sent on `account`, then spends its estimate.
    ///
    /// - Parameter lane: Who is asking, for fairness: requests of one lane are served in the
    ///   order they came; lanes take turns. The engine passes the step's name.
    /// - Throws: `CancellationError` when the task is cancelled while waiting; a
    ///   ``TrafficError`` when the ledger cannot be used.
    public func acquire(
        _ cost: RequestCost, on account: ProviderAccount, lane: String = ""
    ) async throws
        -> TrafficPermit
    {
        let started = clock.now
        let limits = limits(of: account)
        let queue = queue(of: account)
        let ticket = queue.enqueue(lane: lane)
        defer { queue.leave(ticket) }
        try await queue.waitForTurn(ticket)
        while true {
            try Task.checkCancellation()
            let generation = queue.generation
            guard queue.hasFreeSlot else {
                try await nap(queue, after: generation, upTo: nil)
                continue
            }
            let now = wallClock
            let granted = try await ledger.withBudget(of: account) { budget -> Admission in
                let start = budget.earliestStart(of: cost, limits: limits, at: now)
                guard start <= now else { return .waitSeconds(start - now) }
                return .granted(budget.take(cost, limits: limits, at: now))
            }
            switch granted {
            case .granted(let takenBefore):
                queue.takeSlot()
                return TrafficPermit(
                    account: account, estimate: cost, waited: clock.now - started, takenBefore: takenBefore)
            case .waitSeconds(let seconds):
                try await nap(queue, after: generation, upTo: .fromMilliseconds(seconds * 1000))
            }
        }
    }

    private enum Admission: Sendable {
        case granted([RateDimension: Double])
        case waitSeconds(Double)
    }

    /// Sleeps until `upTo` has passed on the clock or the queue signals more capacity.
    private func nap(_ queue: AccountQueue, after generation: Int, upTo duration: Duration?) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await queue.waitForSignal(after: generation) }
            if let duration {
                group.addTask { [clock] in try await clock.sleep(for: max(duration, .milliseconds(1))) }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Returns once at least `count` requests wait on `account` in this process.
    func waitUntilWaiting(_ count: Int, on account: ProviderAccount) async {
        await queue(of: account).waitUntilWaiting(count)
    }

    // MARK: - Finishing

    /// Ends a permit's call: frees its slot; learns from the response's rate-limit headers
    /// (`rateLimits`: limits tighten the configured ones, a low `remaining` holds requests back);
    /// replaces its token estimate with `usage` when the provider reported it (a call that failed
    /// keeps its estimate); and, when `error` is a 429 (`rate-limited`, not exhausted quota),
    /// pauses the account for its retry-after (``AccountBudget/defaultPause`` seconds when the
    /// provider named no wait) so that every waiting request holds off together.
    public func finish(
        _ permit: TrafficPermit, usage: TokenUsage?, rateLimits: RateLimitSnapshot? = nil,
        error: ProviderError? = nil
    ) async throws {
        let queue = queue(of: permit.account)
        defer {
            queue.releaseSlot()
        }
        let limits = limits(of: permit.account)
        let pause = error.flatMap { error -> Double? in
            guard error.code == .rateLimited else { return nil }
            return error.retryAfter.map(\.seconds) ?? AccountBudget.defaultPause
        }
        guard usage != nil || pause != nil || rateLimits != nil else { return }
        let now = wallClock
        try await ledger.withBudget(of: permit.account) { budget in
            if let rateLimits {
                let buckets: [(RateDimension, RateLimitSnapshot.Bucket?)] = [
                    (.requests, rateLimits.requests), (.tokens, rateLimits.tokens),
                    (.inputTokens, rateLimits.inputTokens), (.outputTokens, rateLimits.outputTokens),
                ]
                for case (let dimension, let bucket?) in buckets {
                    budget.learn(
                        dimension, limit: bucket.limit, remaining: bucket.remaining,
                        takenBefore: permit.takenBefore[dimension], ownAmount: permit.estimate.amount(of: dimension),
                        limits: limits, at: now)
                }
            }
            if let usage {
                budget.reconcile(estimate: permit.estimate, actual: RequestCost(usage), limits: limits)
            }
            if let pause {
                budget.pause(until: now + max(pause, 0), limits: limits)
            }
        }
    }

    /// Pauses `account` until `duration` from now, as a 429 asks: no request starts before then.
    public func pause(_ account: ProviderAccount, for duration: Duration) async throws {
        let limits = limits(of: account)
        let until = wallClock + max(duration.seconds, 0)
        try await ledger.withBudget(of: account) { budget in budget.pause(until: until, limits: limits) }
        queue(of: account).signal()
    }
}
