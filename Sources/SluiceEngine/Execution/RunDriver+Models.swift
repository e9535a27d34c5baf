import Foundation
public import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTemplates

extension DiagnosticCode {
    /// A model on a provider this build cannot call yet (every HTTP provider, for now).
    public static let providerUnavailable: DiagnosticCode = "provider-unavailable"
}

extension RunDriver {
    /// Calls the step's models in fallback order, retrying each on retryable errors, and returns
    /// the decoded output of the first attempt that succeeds.
    func callModels(_ settings: ModelStepSettings, in scope: UnitScope) async throws -> JSONValue {
        let messages = try renderMessages(of: scope.step, context: scope.context)
        var number = 0
        var failures: [String] = []
        for reference in settings.models {
            let request = ModelRequest(
                model: reference.model, messages: messages, temperature: settings.temperature,
                topP: settings.topP, maxTokens: settings.maximumTokens, stop: settings.stop, seed: settings.seed,
                responseFormat: responseFormat(for: settings.output), stream: settings.stream,
                extraParameters: settings.parameters)
            let provider: any ModelProvider
            switch environment.providers.resolve(reference.provider) {
            case .success(let found): provider = found
            case .failure(let unavailable):
                number += 1
                let message = unavailableMessage(for: reference, step: scope.step, reason: unavailable)
                let start = AttemptStart(
                    runID: runID, step: scope.step.name, itemIndex: scope.itemIndex, number: number,
                    provider: reference.provider, model: reference.model, request: request.jsonValue,
                    limiterWait: .zero)
                await emit(.attemptStarted(start))
                await emit(
                    .attemptFinished(
                        start.key, AttemptOutcome(status: .failed, latency: .zero, costUSD: 0, error: message)))
                failures.append(message)
                continue
            }
            for retry in 0...max(0, settings.retries) {
                number += 1
                do {
                    return try await attempt(
                        request, on: provider, number: number, settings: settings, in: scope)
                } catch let error as ProviderError {
                    failures.append("\(reference) (attempt \(number)): \(error.message) [\(error.code)]")
                    guard error.isRetryable, retry < settings.retries else { break }
                    let wait = options.retryPolicy.delay(beforeRetry: retry + 1, retryAfter: error.retryAfter)
                    try await options.retryPolicy.sleep(wait)
                }
            }
        }
        throw StepFailure(
            "every model in the chain failed (\(settings.models.map(\.description).joined(separator: ", "))):\n"
                + failures.map { "  - " + $0 }.joined(separator: "\n"))
    }

    private func unavailableMessage(for reference: ModelReference, step: PlannedStep, reason: ProviderError) -> String {
        Diagnostic.error(
            .providerUnavailable,
            "model '\(reference)' of step '\(step.name)' is on provider '\(reference.provider)', "
                + "which this build cannot call: \(reason.message); "
                + "add 'local/default' to the step's model chain to run the pipeline on the embedded simulator",
            at: step.definition.location
        ).headline
    }

    private func renderMessages(of step: PlannedStep, context: JSONObject) throws -> [ChatMessage] {
        let environment = plan.templateEnvironment
        var messages: [ChatMessage] = []
        if let system = step.system {
            messages.append(.system(try system.render(context: context, environment: environment)))
        }
        for message in step.messages {
            let text = try message.content.render(context: context, environment: environment)
            switch message.role {
            case .system: messages.append(.system(text))
            case .user: messages.append(.user(text))
            case .assistant: messages.append(.assistant(text))
            }
        }
        if let prompt = step.prompt {
            messages.append(.user(try prompt.render(context: context, environment: environment)))
        }
        return messages
    }

    private func responseFormat(for output: OutputMode) -> ResponseFormat {
        switch output {
        case .text: .text
        case .json(let schema): .json(schema: schema?.schema)
        case .xml(let tags): .xml(tags: tags)
        }
    }

    /// One provider call under the step's timeout; emits its start, deltas, usage and end.
    ///
    /// Throws `ProviderError` (retry or fall back), ``StepFailure`` (the output is unusable),
    /// or `CancellationError` (the run was stopped).
    private func attempt(
        _ request: ModelRequest, on provider: any ModelProvider, number: Int, settings: ModelStepSettings,
        in scope: UnitScope
    ) async throws -> JSONValue {
        let start = AttemptStart(
            runID: runID, step: scope.step.name, itemIndex: scope.itemIndex, number: number,
            provider: provider.name, model: request.model, request: request.jsonValue, limiterWait: .zero)
        let key = start.key
        await emit(.attemptStarted(start))
        let began = clock.now
        let transcript = AttemptTranscript()
        let streams = settings.stream
        func finish(_ status: ExecutionStatus, error: String?) async {
            let usage = transcript.usage
            await emit(
                .attemptFinished(
                    key,
                    AttemptOutcome(
                        status: status, responseText: transcript.text, httpStatus: transcript.httpStatus,
                        finishReason: transcript.finishReason?.rawValue, latency: clock.now - began,
                        timeToFirstToken: transcript.firstToken, inputTokens: usage?.inputTokens,
                        outputTokens: usage?.outputTokens, costUSD: 0, error: error)))
        }
        do {
            try await withDeadline(scope.step.definition.timeout, clock: clock) {
                var finished = false
                for try await event in provider.stream(request) {
                    switch event {
                    case .started(let info): transcript.record(httpStatus: info.httpStatus)
                    case .textDelta(let text):
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
            let value = try OutputDecoder.decode(transcript.text, as: settings.output, lenient: true)
            await finish(.succeeded, error: nil)
            return value
        } catch let failure as StepFailure {
            await finish(.failed, error: failure.message)
            throw failure
        } catch let error as ProviderError {
            await finish(.failed, error: error.description)
            throw error
        } catch let deadline as DeadlineExceeded {
            let error = ProviderError(
                code: .timeout,
                message: "no complete response within the step's timeout of \(deadline.limit.readable)",
                provider: provider.name)
            await finish(.failed, error: error.description)
            throw error
        } catch {
            if error is CancellationError || control.isStopped {
                await finish(control.stoppedStatus, error: control.stoppedMessage)
                throw CancellationError()
            }
            let failure = ProviderError(code: .network, message: "\(error)", provider: provider.name)
            await finish(.failed, error: failure.description)
            throw failure
        }
    }
}
