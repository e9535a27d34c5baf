public import Foundation
public import SluiceCore
public import SluicePipeline
public import SluiceProviders
public import SluiceTraffic

/// Everything a run reads from the world, handed to the executor: the clock, the providers, the
/// response cache, prices and budget, the work already done, and the traffic layer.
///
/// The engine calls nothing else that depends on time or outside state, so a test builds an
/// environment with a `ManualTimeSource`, the providers it wants and test doubles
/// (SluiceTestSupport), and a run behaves the same whoever started it (`sluice run`, the
/// scheduler daemon, `sluice test`). Every part but the providers has a default that does what
/// a plain run does: system time, no cache, no budget, nothing done yet, no rate limits.
public struct ExecutionEnvironment: Sendable {
    /// The clock for timestamps, latencies, retry waits, deadlines and the run's timeout.
    public var clock: any TimeSource
    /// The providers model steps may call.
    public var providers: ProviderRegistry
    /// Where answers are looked up before a call and kept after.
    public var cache: any ResponseCache
    /// What a call costs, from its usage.
    public var costs: any CostModel
    /// Whether another call may start, given what the run has spent.
    public var budget: any SpendingLimit
    /// Steps already finished in an earlier attempt at the run, which are not run again.
    public var finishedWork: RunSnapshot
    /// Holds calls until their provider account has capacity.
    public var requestLimiter: any RequestLimiter
    /// Stops calls to accounts that keep failing.
    public var breaker: any CircuitBreaker

    /// An environment with the given parts; the rest keep a plain run's behaviour.
    public init(
        providers: ProviderRegistry,
        clock: any TimeSource = SystemTimeSource(),
        cache: any ResponseCache = NoResponseCache(),
        costs: any CostModel = PriceTable([:]),
        budget: any SpendingLimit = NoSpendingLimit(),
        finishedWork: RunSnapshot = .empty,
        requestLimiter: any RequestLimiter = UnlimitedRequests(),
        breaker: any CircuitBreaker = ClosedBreaker()
    ) {
        self.providers = providers
        self.clock = clock
        self.cache = cache
        self.costs = costs
        self.budget = budget
        self.finishedWork = finishedWork
        self.requestLimiter = requestLimiter
        self.breaker = breaker
    }

    /// The environment of a plain run of a project: its providers (built in one place, from
    /// `sluice.yaml` and `keys`, or the process environment when no keys are given), its price
    /// table, and `maximumCost` (the pipeline's `budget.max_usd`) as the budget when given; the
    /// traffic layer (a rate limiter and a circuit breaker per provider account, with the limits
    /// and breaker settings in `sluice.yaml` and budgets kept in `trafficLedger`); system time; no
    /// cache or finished work.
    public static func standard(
        config: ProjectConfig, maximumCost: Double? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, keys: ProviderKeys? = nil,
        trafficLedger: any RateLedger = InMemoryRateLedger()
    ) -> ExecutionEnvironment {
        let keys = keys ?? ProviderKeys(environment: environment, projectRoot: nil)
        let clock = SystemTimeSource()
        var accounts: [String: ProviderAccount] = [:]
        var limitedAccounts: [String: ProviderAccount] = [:]
        var limits: [String: TrafficLimits] = [:]
        var breakerPolicies: [String: BreakerPolicy] = [:]
        for (name, settings) in config.providers {
            let account = ProviderAccount(provider: name, key: (try? keys.key(for: settings)) ?? nil)
            accounts[name] = account
            limits[name] = TrafficLimits(settings)
            breakerPolicies[name] = BreakerPolicy(settings)
            // The embedded simulator has no limits of its own: only ones set in sluice.yaml.
            if settings.kind != .local || limits[name] != TrafficLimits.none { limitedAccounts[name] = account }
        }
        let breakers = AccountBreakers(policiesByProvider: breakerPolicies, clock: clock)
        return ExecutionEnvironment(
            providers: .standard(settings: config.providers, keys: keys),
            clock: clock,
            costs: PriceTable(config.prices),
            budget: maximumCost.map { MaximumSpend($0) } ?? NoSpendingLimit(),
            requestLimiter: TrafficRequestLimiter(
                limiter: RateLimiter(limits: limits, ledger: trafficLedger, clock: clock), accounts: limitedAccounts,
                breakers: breakers),
            breaker: TrafficCircuitBreaker(breakers: breakers, accounts: accounts))
    }
}
