import SluiceTraffic
import Testing

@Suite("An account's budget paces requests and tokens under per-minute limits")
struct AccountBudgetTests {
    /// Grants every request at the earliest moment the budget allows, for `seconds`, and returns
    /// the grant times.
    private func saturate(
        _ budget: inout AccountBudget, cost: RequestCost, limits: TrafficLimits, seconds: Double
    ) -> [Double] {
        var grants: [Double] = []
        var now = 0.0
        while now < seconds {
            let start = budget.earliestStart(of: cost, limits: limits, at: now)
            if start > now {
                now = start
                continue
            }
            _ = budget.take(cost, limits: limits, at: now)
            grants.append(now)
        }
        return grants
    }

    private func mostInAnyMinute(_ times: [Double]) -> Int {
        var most = 0
        var first = 0
        for (index, time) in times.enumerated() {
            while times[first] <= time - 60 { first += 1 }
            most = max(most, index - first + 1)
        }
        return most
    }

    @Test func aSaturatedAccountNeverExceedsItsRequestsPerMinuteAndUsesAtLeast97Percent() {
        var budget = AccountBudget()
        let limits = TrafficLimits(requestsPerMinute: 600)
        let grants = saturate(
            &budget, cost: RequestCost(inputTokens: 10, outputTokens: 10), limits: limits, seconds: 300)
        #expect(mostInAnyMinute(grants) <= 600)
        #expect(Double(grants.count) >= 0.97 * 600 * 5)
    }

    @Test func requestsAreSpreadOverTheMinuteWithABurstOfOnePercent() {
        var budget = AccountBudget()
        let limits = TrafficLimits(requestsPerMinute: 600)
        let cost = RequestCost(inputTokens: 1, outputTokens: 1)
        for _ in 0..<6 {
            #expect(budget.earliestStart(of: cost, limits: limits, at: 0) == 0)
            _ = budget.take(cost, limits: limits, at: 0)
        }
        let seventh = budget.earliestStart(of: cost, limits: limits, at: 0)
        #expect(abs(seventh - 60 / (600 * AccountBudget.headroom)) < 1e-9)
    }

    @Test func tokenLimitsCountPromptAndMaxTokensAndSeparateInputAndOutputLimitsApply() {
        let limits = TrafficLimits(tokensPerMinute: 100_000, outputTokensPerMinute: 6000)
        var budget = AccountBudget()
        let cost = RequestCost(inputTokens: 100, outputTokens: 1000)
        let grants = saturate(&budget, cost: cost, limits: limits, seconds: 120)
        // The output limit (6 requests' worth a minute) binds, not the total (90 requests' worth).
        #expect(mostInAnyMinute(grants) <= 7)
        #expect(grants.count >= 11)
    }

    @Test func reconcilingWithRealUsageGivesUnusedTokensBack() {
        let limits = TrafficLimits(tokensPerMinute: 60_000)
        var budget = AccountBudget()
        let estimate = RequestCost(inputTokens: 1000, outputTokens: 4000)
        _ = budget.take(estimate, limits: limits, at: 0)
        let beforeReconciling = budget.earliestStart(of: estimate, limits: limits, at: 0)
        budget.reconcile(estimate: estimate, actual: RequestCost(inputTokens: 1000, outputTokens: 200), limits: limits)
        let afterReconciling = budget.earliestStart(of: estimate, limits: limits, at: 0)
        let interval = 60 / (60_000 * AccountBudget.headroom)
        #expect(beforeReconciling > 0)
        #expect(abs((beforeReconciling - afterReconciling) - 3800 * interval) < 1e-6)
    }

    @Test func aRequestLargerThanTheAllowanceGoesAloneOnceTheBudgetHasCaughtUp() {
        let limits = TrafficLimits(tokensPerMinute: 1000)
        var budget = AccountBudget()
        let huge = RequestCost(inputTokens: 2000, outputTokens: 0)
        #expect(budget.earliestStart(of: huge, limits: limits, at: 0) == 0)
        _ = budget.take(huge, limits: limits, at: 0)
        let next = budget.earliestStart(of: huge, limits: limits, at: 0)
        #expect(abs(next - 2000 * 60 / (1000 * AccountBudget.headroom)) < 1e-6)
    }

    @Test func aPauseHoldsEveryRequestAndThenReleasesThemOneIntervalApart() {
        let limits = TrafficLimits(requestsPerMinute: 600)
        var budget = AccountBudget()
        let cost = RequestCost(inputTokens: 1, outputTokens: 1)
        budget.pause(until: 10, limits: limits)
        #expect(budget.earliestStart(of: cost, limits: limits, at: 0) == 10)
        _ = budget.take(cost, limits: limits, at: 10)
        let interval = 60 / (600 * AccountBudget.headroom)
        #expect(abs(budget.earliestStart(of: cost, limits: limits, at: 10) - (10 + interval)) < 1e-9)
    }

    @Test func aPauseHoldsAnAccountWithNoKnownLimits() {
        var budget = AccountBudget()
        budget.pause(until: 5, limits: .none)
        #expect(budget.earliestStart(of: RequestCost(inputTokens: 1, outputTokens: 1), limits: .none, at: 1) == 5)
        budget.pause(until: 3, limits: .none)
        #expect(budget.pausedUntil == 5)
    }

    @Test func aLimitHeaderTightensTheConfiguredLimitButNeverLoosensIt() {
        var budget = AccountBudget()
        let configured = TrafficLimits(requestsPerMinute: 600)
        budget.learn(.requests, limit: 300, remaining: nil, takenBefore: nil, ownAmount: 1, limits: configured, at: 0)
        #expect(budget.limit(of: .requests, configured: configured) == 300)
        budget.learn(.requests, limit: 6000, remaining: nil, takenBefore: nil, ownAmount: 1, limits: configured, at: 0)
        #expect(budget.limit(of: .requests, configured: configured) == 600)
        #expect(budget.limit(of: .requests, configured: .none) == 6000)
    }

    @Test func aRemainingLowerThanExpectedHoldsRequestsUntilTheProviderHasMore() {
        let limits = TrafficLimits(requestsPerMinute: 6000)
        let cost = RequestCost(inputTokens: 1, outputTokens: 1)
        var budget = AccountBudget()
        let before = budget.take(cost, limits: limits, at: 0)
        // Another client used the account: the provider says nothing is left.
        budget.learn(
            .requests, limit: 6000, remaining: 0, takenBefore: before[.requests], ownAmount: 1, limits: limits, at: 0)
        let interval = 60 / (6000 * AccountBudget.headroom)
        #expect(abs(budget.earliestStart(of: cost, limits: limits, at: 0) - interval) < 1e-9)
        // A remaining that matches what Sluice expects changes nothing.
        var untouched = AccountBudget()
        let taken = untouched.take(cost, limits: limits, at: 0)
        untouched.learn(
            .requests, limit: 6000, remaining: 5999, takenBefore: taken[.requests], ownAmount: 1, limits: limits, at: 0)
        #expect(untouched.earliestStart(of: cost, limits: limits, at: 0) == 0)
    }
}
