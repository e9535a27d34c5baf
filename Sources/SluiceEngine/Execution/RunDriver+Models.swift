import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceSchema
import SluiceTraffic

/// A call the account's circuit breaker refused: nothing was sent, so no attempt was made.
private struct BreakerRefusal: Error {
    /// Why, from the breaker.
    var reason: String
}

/// A model attempt that failed in a way the retry policy decides about.
private struct FailedAttempt: Error {
    /// What went wrong, as the policy sees it.
    var kind: AttemptFailure
    /// The same, as recorded on the attempt.
    var failure: RunFailure
    /// Whether some of the attempt's text had been shown (emitted as `textDelta`) before it failed.
    var shownText = false
}

extension RunDriver {
    /// Calls the step's models in fallback order, asking ``RetryPolicy`` after each failed attempt
    /// whether to retry, move on or fail, and returns the decoded output of the first attempt
    /// that succeeds.
    ///
    /// A retry's wait happens on the run's clock with no concurrency place held, so other ready
    /// work goes on meanwhile.
    func callModels(_ settings: ModelStepSettings, in scope: UnitScope) async throws -> JSONValue {
        let step = scope.step
        let messages = try scope.binding.payload(in: scope.context).messages
        var policy = options.retryPolicy
        policy.backoff = Backoff(
            base: settings.retryBase ?? policy.backoff.base, cap: settings.retryCap ?? policy.backoff.cap)
        var chain = FallbackChain(settings.models)
        // A resumed run numbers its attempts after the ones already recorded.
        var number = scope.attemptsBefore
        var failures: [String] = []
        var lastFailure: RunFailure?
        /// The failure of an attempt whose shown text broke off, until a later attempt shows text.
        var brokenStream: RunFailure?
        while let reference = chain.current {
            let request = modelRequest(settings, model: reference.model, messages: messages)
            if let reason = accountsSetAside.reason(for: reference.provider) {
                failures.append("\(reference): not tried: the account was set aside earlier in this run")
                lastFailure = reason
                chain.moveOn()
                continue
            }
            let provider: any ModelProvider
            switch environment.providers.resolve(reference.provider) {
            case .success(let found):
                provider = found
            case .failure(let unavailable):
                // Nothing can be sent (a missing key): no attempt is made, and the chain moves on
                // as it does past a breaker's refusal.
                let skipped = SkippedCall(
                    step: step.name, itemIndex: scope.itemIndex, afterAttempt: number > 0 ? number : nil,
                    model: reference.description, next: chain.next?.description, reason: unavailable.message)
                failures.append("\(reference): not called: \(unavailable.message)")
                lastFailure = unavailableFailure(for: reference, step: step, reason: unavailable)
                if policy.disablesAccount(unavailable) {
                    // A missing key: as loud as a rejected one, and the account is not looked up again.
                    let warning = accountWarning(unavailable, account: reference.provider)
                    if accountsSetAside.setAside(reference.provider, reason: warning) {
                        await emit(
                            .accountDisabled(scope.attemptKey(number), provider: reference.provider, reason: warning))
                    }
                }
                await emit(.callSkipped(skipped))
                chain.moveOn()
                continue
            }
            let translation = addedNullsTranslation(for: settings.output, provider: reference.provider)
            var retriesUsed = 0
            var repairsUsed = 0
            var current = request
            retrying: while true {
                number += 1
                let key = scope.attemptKey(number)
                do {
                    return try await attempt(
                        current, on: provider, number: number, repair: repairsUsed == 0 ? nil : repairsUsed,
                        settings: settings, translation: translation, restartAfter: brokenStream, in: scope)
                } catch let refusal as BreakerRefusal {
                    number -= 1
                    let skipped = SkippedCall(
                        step: step.name, itemIndex: scope.itemIndex, afterAttempt: number > 0 ? number : nil,
                        model: reference.description, next: chain.next?.description, reason: refusal.reason)
                    failures.append("\(reference): not called: \(refusal.reason)")
                    lastFailure = skippedFailure(skipped, step: step)
                    await emit(.callSkipped(skipped))
                    break retrying
                } catch let failed as FailedAttempt {
                    failures.append(
                        "\(reference) (attempt \(number)): \(failed.failure.message) [\(failed.failure.code)]")
                    lastFailure = failed.failure
                    if failed.shownText {
                        if settings.onStreamError == .fail {
                            throw streamInterrupted(failed.failure, model: reference, step: step)
                        }
                        brokenStream = failed.failure
                    }
                    if case .provider(let error) = failed.kind, policy.disablesAccount(error) {
                        let warning = accountWarning(error, account: reference.provider)
                        if accountsSetAside.setAside(reference.provider, reason: warning) {
                            await emit(.accountDisabled(key, provider: reference.provider, reason: warning))
                        }
                    }
                    let decision = policy.decide(
                        after: failed.kind, retriesUsed: retriesUsed, retriesAllowed: settings.retries,
                        hasNextModel: chain.next != nil)
                    switch decision {
                    case .retry(let delay):
                        await emit(.retryScheduled(key, delay: delay, reason: failed.failure))
                        try await clock.sleep(for: delay)
                        retriesUsed += 1
                    case .fallBack(let reason):
                        var because = failed.failure
                        because.message = reason
                        await emit(.fellBack(key, next: chain.next?.description ?? "", reason: because))
                        break retrying
                    case .fail(let reason):
                        throw stepFailure(
                            failed, reason: reason, settings: settings, step: step, failures: failures, policy: policy)
                    }
                } catch let unusable as UnusableOutput {
                    let firstProblem =
                        unusable.failure.message.split(separator: "\n").dropFirst().first
                        .map { $0.trimmingCharacters(in: .whitespaces) } ?? unusable.failure.message
                    failures.append(
                        "\(reference) (attempt \(number)\(repairsUsed == 0 ? "" : ", repair \(repairsUsed)")): "
                            + "unusable output: \(firstProblem) [\(unusable.failure.code)]")
                    lastFailure = unusable.failure
                    if repairsUsed < settings.repairs {
                        // The same model sees its answer and what is wrong with it.
                        repairsUsed += 1
                        current.messages = RepairTurn.messages(
                            after: request.messages, answer: unusable.answer, problem: unusable,
                            output: settings.output)
                        continue retrying
                    }
                    guard let next = chain.next else {
                        throw repairsExhausted(unusable, settings: settings, step: step, failures: failures)
                    }
                    var because = unusable.failure
                    because.message =
                        "the output was still unusable after \(settings.repairs) repair"
                        + "\(settings.repairs == 1 ? "" : "s"); trying the next model"
                    await emit(.fellBack(key, next: next.description, reason: because))
                    break retrying
                }
            }
            chain.moveOn()
        }
        if failures.count == 1, let only = lastFailure, only.code == .providerUnavailable {
            // The one model could not be called: its own failure names the key to set.
            throw only
        }
        throw RunFailure(
            .modelsExhausted,
            "every model in the chain failed (\(settings.models.map(\.description).joined(separator: ", "))):\n"
                + failures.map { "  - " + $0 }.joined(separator: "\n"),
            at: step.definition.location, hint: lastFailure?.hint)
    }

    /// The step's failure when shown text broke off and `on_stream_error` is `fail`.
    private func streamInterrupted(_ failure: RunFailure, model: ModelReference, step: PlannedStep) -> RunFailure {
        RunFailure(
            .streamInterrupted,
            "the answer from \(model) broke off after part of it was shown: \(failure.message) [\(failure.code)]; "
                + "'on_stream_error: fail' stops the step rather than start the answer again",
            at: step.definition.location,
            hint: "set 'on_stream_error: restart' (the default) to start the answer again on a retry or the next "
                + "model, after a marker in the output")
    }

    /// The step's failure when the policy says to stop: a malformed request fails with the
    /// provider's own message; a wait longer than the cap says so; otherwise every failure is listed.
    private func stepFailure(
        _ failed: FailedAttempt, reason: String, settings: ModelStepSettings, step: PlannedStep, failures: [String],
        policy: RetryPolicy
    ) -> RunFailure {
        let location = step.definition.location
        if case .provider(let error) = failed.kind {
            if error.code == .badRequest {
                return RunFailure(
                    failed.failure.code, "\(error.provider) refused the request: \(error.message); \(reason)",
                    at: location, hint: "fix the step's prompt or parameters; another model would refuse it too")
            }
            if let wait = error.retryAfter, !policy.backoff.waits(for: wait) {
                return RunFailure(
                    .retryDelayTooLong,
                    "\(error.provider) asked to wait \(wait.readable) before another call, longer than the retry cap "
                        + "of \(policy.backoff.cap.readable), and no other model is left in the chain",
                    at: location, hint: "add a model on another provider to the step's chain, or run it later")
            }
        }
        if failures.count == 1 {
            // One attempt in all: its own failure says it best.
            return failed.failure
        }
        return RunFailure(
            .modelsExhausted,
            "every model in the chain failed (\(settings.models.map(\.description).joined(separator: ", "))); "
                + "\(reason):\n" + failures.map { "  - " + $0 }.joined(separator: "\n"),
            at: location, hint: failed.failure.hint)
    }

    /// The step's failure when the last model's output is still unusable after its repairs: the
    /// errors, the output, and every earlier failure of the chain.
    private func repairsExhausted(
        _ unusable: UnusableOutput, settings: ModelStepSettings, step: PlannedStep, failures: [String]
    ) -> RunFailure {
        let repairs = "\(settings.repairs) repair\(settings.repairs == 1 ? "" : "s")"
        let chain = settings.models.map(\.description).joined(separator: ", ")
        let answer = unusable.answer.count > 2000 ? String(unusable.answer.prefix(2000)) + " …" : unusable.answer
        return RunFailure(
            .repairsExhausted,
            "no model in the chain (\(chain)) gave usable output after \(repairs) each; the last answer:\n"
                + answer.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
                .joined(separator: "\n")
                + "\n" + unusable.failure.message + "\nattempts:\n"
                + failures.map { "  - " + $0 }.joined(separator: "\n"),
            at: step.definition.location,
            hint: "check that the prompt asks for what the output section requires; raise 'repairs', or add "
                + "another model to the step's chain")
    }

    /// For a provider whose dialect makes optional properties required-but-nullable (OpenAI strict
    /// mode, which every `kind: openai` provider is sent), the translation that knows which `null`s
    /// it added, so they can be removed before validation.
    private func addedNullsTranslation(for output: OutputMode, provider: String) -> DialectTranslation? {
        guard case .json(let schema?) = output, environment.providers.settings(named: provider)?.kind == .openai
        else { return nil }
        return try? SchemaDialectTranslator.translate(schema.schema, to: .openAIStrict)
    }

    /// The loud warning for an account set aside: what failed, and the key variable or address to check.
    private func accountWarning(_ error: ProviderError, account: String) -> RunFailure {
        let settings = environment.providers.settings(named: account)
        let status = error.httpStatus.map { " (HTTP \($0))" } ?? ""
        if error.code == .authentication {
            let variable = settings?.apiKeyEnvironmentVariable
            let what = error.httpStatus == nil ? "has no usable API key" : "rejected its API key\(status)"
            return RunFailure(
                .accountDisabled,
                "provider '\(account)' \(what): \(error.message); '\(account)' is not tried again in this run",
                hint: variable.map { "check the key in the environment variable \($0) (or .env)" }
                    ?? "check the key configured for provider '\(account)' in sluice.yaml")
        }
        let address = settings?.baseURL.map { " (\($0))" } ?? ""
        return RunFailure(
            .accountDisabled,
            "provider '\(account)' has no such endpoint\(status) at its address\(address): \(error.message); "
                + "'\(account)' is not tried again in this run",
            hint: "check 'base_url' of provider '\(account)' under 'providers:' in sluice.yaml")
    }

    /// The failure a skipped call leaves when it is the last thing the chain tried.
    private func skippedFailure(_ skipped: SkippedCall, step: PlannedStep) -> RunFailure {
        RunFailure(
            .circuitOpen, "model '\(skipped.model)' of step '\(step.name)' was not called: \(skipped.reason)",
            at: step.definition.location,
            hint: "its provider kept failing; add a model on another provider to the step's chain, or run again "
                + "after the cool-down ('breaker:' of the provider in sluice.yaml sets it)")
    }

    private func unavailableFailure(
        for reference: ModelReference, step: PlannedStep, reason: ProviderError
    )
        -> RunFailure
    {
        RunFailure(
            .providerUnavailable,
            "model '\(reference)' of step '\(step.name)' is on provider '\(reference.provider)', "
                + "which cannot be called: \(reason.message)",
            at: step.definition.location,
            hint: (reason.code == .authentication
                ? "set the provider's API key variable named above"
                : "fix the provider's settings")
                + ", or add 'local/default' to the step's model chain to run the pipeline on the embedded simulator")
    }

    /// The request a model step sends to `model`: its messages and every generation parameter.
    func modelRequest(_ settings: ModelStepSettings, model: String, messages: [ChatMessage]) -> ModelRequest {
        // Under a budget every call needs a ceiling on its output, or its largest cost is unknown.
        let maximumTokens =
            settings.maximumTokens
            ?? (environment.budget.maximumUSD == nil ? nil : CallCostCeiling.defaultOutputTokens)
        return ModelRequest(
            model: model, messages: messages, temperature: settings.temperature, topP: settings.topP,
            maxTokens: maximumTokens, stop: settings.stop, seed: settings.seed,
            responseFormat: responseFormat(for: settings.output), stream: settings.stream,
            extraParameters: settings.parameters)
    }

    private func responseFormat(for output: OutputMode) -> ResponseFormat {
        switch output {
        case .text: .text
        case .json(let schema): .json(schema: schema?.schema)
        case .xml(let tags): .xml(tags: tags)
        }
    }

    /// One attempt: the budget, the rate limiter and breaker, then the provider call
    /// under the step's timeout, holding one concurrency place for the call only. Emits the
    /// attempt's start, deltas, usage and end.
    ///
    /// Throws ``BreakerRefusal`` (no call made, no attempt recorded), ``FailedAttempt`` (the
    /// policy decides), ``RunFailure`` (the output is unusable), or `CancellationError` (the run
    /// was stopped).
    private func attempt(
        _ request: ModelRequest, on provider: any ModelProvider, number: Int, repair: Int?,
        settings: ModelStepSettings, translation: DialectTranslation?, restartAfter brokenStream: RunFailure?,
        in scope: UnitScope
    ) async throws -> JSONValue {
        let step = scope.step
        let account = provider.name
        let reservation = try await reserveSpending(for: request, account: account, in: scope)
        // Settles with nothing spent if the call never ends on its own (a cancelled wait for capacity).
        defer { reservation?.settle(actualUSD: nil) }
        let grant = try await environment.requestLimiter.acquire(account: account, request: request, lane: step.name)
        // Asked once the limiter has granted the call, so a breaker that opened while it waited
        // still stops it.
        switch environment.breaker.admit(account: account) {
        case .skip(let reason):
            await environment.requestLimiter.release(grant, usage: nil, rateLimits: nil, error: nil)
            throw BreakerRefusal(reason: reason)
        case .call(let change?):
            await emit(.breakerChanged(scope.attemptKey(number), provider: account, change: change))
        case .call(nil):
            break
        }
        let call = ModelCall(
            request: request, provider: provider, number: number, repair: repair, grant: grant,
            reservation: reservation, translation: translation)
        return try await limiter.withPlace {
            try await self.call(call, settings: settings, restartAfter: brokenStream, in: scope)
        }
    }

    /// The provider call itself. `brokenStream`, when an earlier attempt's shown text broke off,
    /// is announced (``RunEvent/streamRestarted(_:model:after:)``) just before this attempt's first text.
    private func call(
        _ call: ModelCall, settings: ModelStepSettings, restartAfter brokenStream: RunFailure?, in scope: UnitScope
    ) async throws -> JSONValue {
        let (request, provider, grant) = (call.request, call.provider, call.grant)
        let step = scope.step
        let account = provider.name
        let start = AttemptStart(
            runID: runID, step: step.name, itemIndex: scope.itemIndex, number: call.number, provider: account,
            model: request.model, request: request.jsonValue, limiterWait: grant.waited,
            synthetic: provider.producesSyntheticOutput, repair: call.repair, startedAt: clock.date)
        let key = start.key
        await emit(.attemptStarted(start))
        let began = clock.now
        let transcript = AttemptTranscript()
        let streams = settings.stream && options.showsLiveText
        func finish(_ status: ExecutionStatus, failure: RunFailure?) async -> Double? {
            let usage = transcript.usage
            let cost = usage.flatMap { environment.costs.cost(of: $0, provider: account, model: request.model) }
            call.reservation?.settle(actualUSD: cost)
            let info = transcript.info
            await emit(
                .attemptFinished(
                    key,
                    AttemptOutcome(
                        status: status, responseText: transcript.text, httpStatus: info?.httpStatus,
                        answeringModel: info?.model, requestID: info?.requestID,
                        finishReason: transcript.finishReason, latency: clock.now - began,
                        timeToFirstToken: transcript.firstToken, inputTokens: usage?.inputTokens,
                        outputTokens: usage?.outputTokens, costUSD: cost, failure: failure, finishedAt: clock.date)))
            return cost
        }
        func failed(_ error: ProviderError) async -> FailedAttempt {
            await environment.requestLimiter.release(
                grant, usage: transcript.usage, rateLimits: transcript.info?.rateLimits, error: error)
            if let change = environment.breaker.record(account: account, error: error) {
                await emit(.breakerChanged(key, provider: account, change: change))
            }
            var failure = RunFailure(error.diagnostic)
            failure.location = step.definition.location
            _ = await finish(.failed, failure: failure)
            return FailedAttempt(
                kind: .provider(error), failure: failure, shownText: streams && !transcript.text.isEmpty)
        }
        do {
            try await withDeadline(step.definition.timeout, clock: clock) {
                var finished = false
                for try await event in provider.stream(request) {
                    switch event {
                    case .started(let info): transcript.record(info)
                    case .textDelta(let text):
                        if streams, !text.isEmpty, transcript.text.isEmpty, let brokenStream {
                            await self.emit(
                                .streamRestarted(key, model: "\(account)/\(request.model)", after: brokenStream))
                        }
                        transcript.append(text, at: self.clock.now - began)
                        if streams { await self.emit(.textDelta(key, text)) }
                    case .usage(let usage):
                        transcript.record(usage)
                        await self.emit(.usage(key, usage))
                    case .finished(let reason):
                        transcript.record(reason)
                        finished = true
                    }
                }
                try Task.checkCancellation()
                guard finished else {
                    throw ProviderError(
                        code: .streamTruncated, message: "the response ended before the provider said it was complete",
                        provider: provider.name)
                }
            }
        } catch let error as ProviderError {
            throw await failed(error)
        } catch let deadline as DeadlineExceeded {
            await environment.requestLimiter.release(
                grant, usage: transcript.usage, rateLimits: transcript.info?.rateLimits, error: nil)
            let failure = RunFailure(
                .stepTimeout,
                "no complete response from \(request.model) on \(account) within the step's timeout of "
                    + deadline.limit.readable,
                at: step.definition.location, hint: "raise the step's 'timeout', or add a faster model to the chain")
            _ = await finish(.failed, failure: failure)
            throw FailedAttempt(
                kind: .stepTimeout(deadline.limit), failure: failure, shownText: streams && !transcript.text.isEmpty)
        } catch {
            if error is CancellationError || control.isStopped {
                await environment.requestLimiter.release(
                    grant, usage: transcript.usage, rateLimits: transcript.info?.rateLimits, error: nil)
                _ = await finish(control.stoppedStatus, failure: control.stoppedFailure)
                throw CancellationError()
            }
            throw await failed(ProviderError(code: .network, message: "\(error)", provider: account))
        }
        await environment.requestLimiter.release(
            grant, usage: transcript.usage, rateLimits: transcript.info?.rateLimits, error: nil)
        if let change = environment.breaker.record(account: account, error: nil) {
            await emit(.breakerChanged(key, provider: account, change: change))
        }
        let value: JSONValue
        do throws(UnusableOutput) {
            value = try OutputDecoder.decodeAnswer(
                transcript.text, as: settings.output, for: step, translation: call.translation)
        } catch {
            _ = await finish(.failed, failure: error.failure)
            throw error
        }
        let cost = await finish(.succeeded, failure: nil)
        scope.answer.keep(
            CachedResponse(
                text: transcript.text, output: value, provider: account, model: request.model,
                usage: transcript.usage, costUSD: cost, latency: clock.now - began))
        return value
    }
}
