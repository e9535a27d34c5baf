extension PipelinePlan {
    /// The same plan with every model step calling `models` (a fallback chain) instead of its own
    /// chain: what a test case's `model:` and `sluice test --model` do. Template and run steps
    /// are unchanged.
    public func callingModels(_ models: [ModelReference]) -> PipelinePlan {
        var plan = self
        for index in plan.steps.indices {
            if case .model(var settings) = plan.steps[index].definition.settings {
                settings.models = models
                plan.steps[index].definition.settings = .model(settings)
            }
        }
        return plan
    }
}
