public import SluicePipeline
import SluiceProviders

extension CostModel {
    /// The models of `plan`'s steps, in step order without repeats, that have no price: their
    /// calls cost an unknown amount, which a budget cannot count.
    public func unpricedModels(in plan: PipelinePlan) -> [ModelReference] {
        var seen: Set<String> = []
        var unpriced: [ModelReference] = []
        for step in plan.steps {
            guard case .model(let settings) = step.definition.settings else { continue }
            for reference in settings.models where seen.insert(reference.description).inserted {
                let probe = TokenUsage(inputTokens: 1, outputTokens: 1)
                if cost(of: probe, provider: reference.provider, model: reference.model) == nil {
                    unpriced.append(reference)
                }
            }
        }
        return unpriced
    }
}
