/// The rate state of one provider account: for each limited dimension, how far ahead of the
/// clock its budget is spent, and the pause a 429 imposed. This is what the ``RateLedger``
/// stores and what every process using the account shares; all times are wall-clock seconds
/// since 1970, the one clock two processes agree on.
///
/// Each dimension is paced with the generic cell rate algorithm: a dimension limited to `L` per
/// minute spends `60 / (L × headroom)` seconds of budget per unit, and a request may start while
/// the budget is spent no further ahead of the clock than the burst allowance
/// (``burstFraction`` of a minute's limit, at least one request's worth). So an account is
/// never sent more than `L` in any minute, whether the provider counts in a sliding window or
/// refills a bucket, and requests are spread evenly over the minute instead of all leaving at
/// its start. The rules and figures are in docs/rate-limits-and-retries.md.
public struct AccountBudget: Sendable, Hashable, Codable {
    /// The fraction of a limit Sluice plans to use, so that clock skew and network jitter
    /// between Sluice and the provider do not turn the last request of a minute into a 429.
    public static let headroom = 0.98
    /// The burst allowance, as a fraction of a minute's limit.
    public static let burstFraction = 0.01
    /// How long a 429 that names no wait pauses the account.
    public static let defaultPause = 1.0

    /// The pacing state of one dimension.
    struct Meter: Sendable, Hashable, Codable {
        /// The time up to which the budget is spent: the theoretical arrival time of the next unit.
        var spentUntil: Double = 0
        /// The limit the provider's headers reported, if any.
        var learnedLimit: Int?
        /// Units taken since the account was first used; used to tell which units a rate-limit
        /// header had not yet seen.
        var taken: Double = 0
    }

    /// The state of each dimension that has been used or learned.
    var meters: [RateDimension: Meter] = [:]
    /// No request starts before this time (a 429's retry-after).
    public private(set) var pausedUntil: Double = 0

    /// A fresh budget: nothing spent, nothing learned.
    public init() {}

    /// The per-minute limit in force for `dimension`: the configured one, tightened by what the
    /// provider reported; `nil` when neither is known.
    public func limit(of dimension: RateDimension, configured: TrafficLimits) -> Int? {
        let values = [configured.perMinute[dimension], meters[dimension]?.learnedLimit].compactMap { $0 }
        return values.min()
    }

    /// The limit the provider's headers reported for `dimension`, if any.
    public func learnedLimit(of dimension: RateDimension) -> Int? {
        meters[dimension]?.learnedLimit
    }

    /// Seconds of budget one unit of `dimension` spends.
    private func interval(of dimension: RateDimension, configured: TrafficLimits) -> Double? {
        limit(of: dimension, configured: configured).map { 60 / (Double($0) * Self.headroom) }
    }

    /// How far ahead of the clock `dimension`'s budget may be spent before a request waits.
    private func tolerance(of dimension: RateDimension, configured: TrafficLimits) -> Double {
        guard let limit = limit(of: dimension, configured: configured),
            let interval = interval(of: dimension, configured: configured)
        else { return 0 }
        return max(1, (Double(limit) * Self.burstFraction).rounded(.down)) * interval
    }

    // MARK: - Admission

    /// The earliest time, not before `now`, at which a request costing `cost` may start.
    public func earliestStart(of cost: RequestCost, limits: TrafficLimits, at now: Double) -> Double {
        var start = max(now, pausedUntil)
        for dimension in RateDimension.allCases {
            guard let interval = interval(of: dimension, configured: limits) else { continue }
            let spent = meters[dimension]?.spentUntil ?? 0
            let needed = cost.amount(of: dimension) * interval
            // A request may start at t when max(spent, t) + needed - t <= max(tolerance, needed):
            // one larger than the allowance goes alone, once the budget has caught up.
            let allowance = max(tolerance(of: dimension, configured: limits), needed)
            start = max(start, spent + needed - allowance)
        }
        return start
    }

    /// Spends `cost` from every limited dimension at `now`; call it once ``earliestStart(of:limits:at:)``
    /// says `now`. Returns each dimension's units taken before this request.
    public mutating func take(_ cost: RequestCost, limits: TrafficLimits, at now: Double) -> [RateDimension: Double] {
        var before: [RateDimension: Double] = [:]
        for dimension in RateDimension.allCases {
            var meter = meters[dimension] ?? Meter()
            before[dimension] = meter.taken
            meter.taken += cost.amount(of: dimension)
            if let interval = interval(of: dimension, configured: limits) {
                meter.spentUntil = max(meter.spentUntil, now) + cost.amount(of: dimension) * interval
            }
            meters[dimension] = meter
        }
        return before
    }

    /// Replaces an estimate with the real cost: the tokens a request did not use are given back
    /// (and any it used beyond the estimate are spent).
    public mutating func reconcile(estimate: RequestCost, actual: RequestCost, limits: TrafficLimits) {
        for dimension in RateDimension.allCases {
            let difference = actual.amount(of: dimension) - estimate.amount(of: dimension)
            guard difference != 0, var meter = meters[dimension] else { continue }
            meter.taken += difference
            if let interval = interval(of: dimension, configured: limits) {
                meter.spentUntil += difference * interval
            }
            meters[dimension] = meter
        }
    }

    // MARK: - Learning

    /// Learns from one rate-limit header group: the provider's `limit` for `dimension` replaces
    /// the learned one, and a `remaining` lower than the budget expects moves the budget on so
    /// that no more than `remaining` units start before the provider has more.
    ///
    /// - Parameters:
    ///   - takenBefore: The dimension's units taken before the request whose response carried
    ///     the headers; units taken since then (and that request's own) were not yet counted in
    ///     `remaining`.
    public mutating func learn(
        _ dimension: RateDimension, limit: Int?, remaining: Int?, takenBefore: Double?, ownAmount: Double,
        limits: TrafficLimits, at now: Double
    ) {
        var meter = meters[dimension] ?? Meter()
        if let limit, limit > 0 { meter.learnedLimit = limit }
        meters[dimension] = meter
        guard let remaining, let interval = interval(of: dimension, configured: limits) else { return }
        let unseen = takenBefore.map { max(0, meter.taken - $0 - ownAmount) } ?? 0
        let left = Double(remaining) - unseen
        let floor = now + tolerance(of: dimension, configured: limits) - left * interval
        meter.spentUntil = max(meter.spentUntil, floor)
        meters[dimension] = meter
    }

    /// Pauses the account until `until` (a 429's retry-after), and restarts every limited
    /// dimension's pacing from then, so the requests that waited leave one interval apart
    /// instead of all at once.
    public mutating func pause(until: Double, limits: TrafficLimits) {
        pausedUntil = max(pausedUntil, until)
        for dimension in RateDimension.allCases {
            guard let interval = interval(of: dimension, configured: limits) else { continue }
            var meter = meters[dimension] ?? Meter()
            let restart = pausedUntil + tolerance(of: dimension, configured: limits) - interval
            meter.spentUntil = max(meter.spentUntil, restart)
            meters[dimension] = meter
        }
    }
}
