import SluiceCore
import SluicePipeline
import SluiceProviders

extension RunDriver {
    /// A model step's result: from the response cache when it holds the step's answer (recorded
    /// as one attempt `from cache`, no call made), otherwise from its model chain, whose accepted
    /// answer is then cached.
    ///
    /// The step's `cache: false` and a run without a cache (`--no-cache`) skip both the lookup
    /// and the save.
    func modelStepResult(_ settings: ModelStepSettings, in scope: UnitScope) async throws -> UnitResult {
        guard scope.step.definition.cache, !(environment.cache is NoResponseCache) else {
            return .output(try await callModels(settings, in: scope))
        }
        let messages = try scope.binding.payload(in: scope.context).messages
        let key = CacheKey.modelStep(
            modelRequest(settings, model: "", messages: messages), chain: settings.models.map(\.description),
            kind: scope.step.definition.kind, pipeline: plan.name, step: scope.step.name)
        if let cached = await environment.cache.response(for: key) {
            await recordHit(cached, request: modelRequest(settings, model: cached.model, messages: messages), in: scope)
            return .output(cached.output, fromCache: true)
        }
        let value = try await callModels(settings, in: scope)
        if let answer = scope.answer.value { await environment.cache.save(answer, for: key) }
        return .output(value)
    }

    /// Records a cache hit as one attempt: the answering provider and model, the original
    /// usage, cost and latency, and `fromCache`, so the run's totals leave it out.
    private func recordHit(_ cached: CachedResponse, request: ModelRequest, in scope: UnitScope) async {
        let start = AttemptStart(
            runID: runID, step: scope.step.name, itemIndex: scope.itemIndex, number: scope.attemptsBefore + 1,
            provider: cached.provider, model: cached.model, request: request.jsonValue, limiterWait: .zero,
            synthetic: (try? environment.providers.resolve(cached.provider).get())?.producesSyntheticOutput ?? false,
            startedAt: clock.date)
        await emit(.attemptStarted(start))
        await emit(
            .attemptFinished(
                start.key,
                AttemptOutcome(
                    status: .succeeded, responseText: cached.text,
                    latency: cached.latency, inputTokens: cached.usage?.inputTokens,
                    outputTokens: cached.usage?.outputTokens, costUSD: cached.costUSD, fromCache: true,
                    finishedAt: clock.date)))
    }
}
