public import SluiceProviders
import SluiceTraffic

/// The most one model call can cost: its estimated input (every message's text at 4 characters
/// a token, the estimate the rate limiter makes) plus `max_tokens` of output, at the model's price.
///
/// The executor reserves it against the budget before the call, and `sluice run --dry-run`
/// projects a run's largest cost from it.
public enum CallCostCeiling {
    /// The output tokens a call may produce when its step sets no `max_tokens` and the run has a
    /// budget: the engine sends this as `max_tokens`, so the ceiling it reserved holds.
    public static let defaultOutputTokens = 4096

    /// The tokens `request` could use at most (the input side is an estimate).
    public static func usage(of request: ModelRequest) -> TokenUsage {
        var request = request
        request.maxTokens = request.maxTokens ?? defaultOutputTokens
        let estimate = RequestCost.estimate(for: request)
        return TokenUsage(inputTokens: estimate.inputTokens, outputTokens: estimate.outputTokens)
    }

    /// The largest cost of `request` on `provider`, or `nil` when the model's price is unknown.
    public static func cost(of request: ModelRequest, provider: String, costs: any CostModel) -> Double? {
        costs.cost(of: usage(of: request), provider: provider, model: request.model)
    }
}
