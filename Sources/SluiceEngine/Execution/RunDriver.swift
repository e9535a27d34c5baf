import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTemplates

/// One run of a plan: schedules steps, fans out, and emits the run's events.
final class RunDriver: Sendable {
    let plan: PipelinePlan
    let environment: ExecutionEnvironment
    let options: RunOptions
    let runID: RunID
    let inputs: JSONObject
    let channel: RunEventChannel
    let control: RunControl
    /// The run-wide cap on model calls and commands in flight.
    let limiter: AsyncLimiter

    init(
        plan: PipelinePlan, environment: ExecutionEnvironment, options: RunOptions, runID: RunID, inputs: JSONObject,
        channel: RunEventChannel, control: RunControl
    ) {
        self.plan = plan
        self.environment = environment
        self.options = options
        self.runID = runID
        self.inputs = inputs
        self.channel = channel
        self.control = control
        self.limiter = AsyncLimiter(limit: options.concurrency)
    }

    /// The run's clock.
    var clock: any TimeSource { environment.clock }

    func emit(_ event: RunEvent) async {
        await channel.send(event)
    }

    // MARK: - The run

    func execute() async {
        await emit(.runStarted(runID: runID, pipeline: plan.name, inputs: inputs, at: clock.date))
        let states = await withTaskGroup(of: [String: StepState]?.self) { group in
            group.addTask { await self.schedule() }
            if let timeout = options.timeout {
                group.addTask {
                    do { try await self.clock.sleep(for: timeout) } catch { return nil }
                    self.control.stop(.runTimeout(timeout))
                    return nil
                }
            }
            var result: [String: StepState] = [:]
            while let next = await group.next() {
                if let states = next {
                    result = states
                    group.cancelAll()
                }
            }
            return result
        }
        await emit(.runFinished(result(from: states)))
    }

    private func result(from states: [String: StepState]) -> RunResult {
        if let reason = control.reason ?? (Task.isCancelled ? .interrupted : nil) {
            switch reason {
            case .interrupted:
                return RunResult(
                    runID: runID, status: .interrupted, outputs: nil, error: "interrupted", finishedAt: clock.date)
            case .failFast(let step):
                let detail = states[step]?.error.map { ": \($0)" } ?? ""
                return RunResult(
                    runID: runID, status: .failed, outputs: nil,
                    error: "step '\(step)' failed\(detail); --fail-fast cancelled the rest", finishedAt: clock.date)
            case .runTimeout(let limit):
                return RunResult(
                    runID: runID, status: .failed, outputs: nil,
                    error: "the run took longer than its limit of \(limit.readable)", finishedAt: clock.date)
            }
        }
        if let failed = plan.steps.first(where: { states[$0.name]?.status == .failed }) {
            let detail = states[failed.name]?.error.map { ": \($0)" } ?? ""
            return RunResult(
                runID: runID, status: .failed, outputs: nil, error: "step '\(failed.name)' failed\(detail)",
                finishedAt: clock.date)
        }
        let context = baseContext(steps: stepsObject(states))
        var outputs = JSONObject()
        do {
            for output in plan.outputs {
                outputs[output.name] = try output.expression.evaluate(
                    context: context, environment: plan.templateEnvironment)
            }
        } catch {
            return RunResult(
                runID: runID, status: .failed, outputs: nil,
                error: "the run's outputs could not be evaluated:\n" + StepFailure(error).message,
                finishedAt: clock.date)
        }
        return RunResult(runID: runID, status: .succeeded, outputs: outputs, error: nil, finishedAt: clock.date)
    }

    func baseContext(steps: JSONObject) -> JSONObject {
        ["inputs": .object(inputs), "steps": .object(steps)]
    }

    private func stepsObject(_ states: [String: StepState]) -> JSONObject {
        var object = JSONObject()
        for step in plan.steps {
            if let state = states[step.name], state.allowsDependents { object[step.name] = ["output": state.output] }
        }
        return object
    }

    // MARK: - Scheduling

    /// Runs every step, each as soon as its dependencies have finished; returns how each ended.
    private func schedule() async -> [String: StepState] {
        var states: [String: StepState] = [:]
        var steps = JSONObject()
        var waiting = plan.steps
        await withThrowingTaskGroup(of: (String, StepState).self) { group in
            func startReady() async {
                var index = 0
                while index < waiting.count {
                    let step = waiting[index]
                    let dependencyStates = step.dependencies.compactMap { states[$0] }
                    guard dependencyStates.count == step.dependencies.count else {
                        index += 1
                        continue
                    }
                    waiting.remove(at: index)
                    if control.isStopped {
                        let state = StepState(
                            status: control.stoppedStatus, output: .null, error: "not run: " + control.stoppedMessage)
                        states[step.name] = state
                        await emit(.stepFailed(step: step.name, outcome: outcome(of: state)))
                        index = 0
                        continue
                    }
                    if let blocker = step.dependencies.first(where: { states[$0]?.allowsDependents == false }) {
                        let state = StepState(
                            status: .cancelled, output: .null,
                            error: "not run: step '\(blocker)' it depends on did not succeed")
                        states[step.name] = state
                        await emit(.stepFailed(step: step.name, outcome: outcome(of: state)))
                        index = 0
                        continue
                    }
                    let context = baseContext(steps: steps)
                    group.addTask { (step.name, await self.run(step, context: context)) }
                }
            }
            await startReady()
            while let finished = try? await group.next() {
                let (name, state) = finished
                states[name] = state
                if state.allowsDependents { steps[name] = ["output": state.output] }
                if state.status == .failed, options.failFast { control.stop(.failFast(step: name)) }
                await startReady()
            }
        }
        return states
    }

    func outcome(of state: StepState) -> WorkOutcome {
        WorkOutcome(status: state.status, output: state.output, error: state.error)
    }

    // MARK: - Steps

    private func run(_ step: PlannedStep, context: JSONObject) async -> StepState {
        let kind = step.definition.kind.name
        guard let forEach = step.forEach else {
            await emit(.stepStarted(step: step.name, kind: kind, itemCount: nil, at: clock.date))
            let state: StepState
            switch await runUnit(step, context: context, itemIndex: nil) {
            case .output(let value): state = StepState(status: .succeeded, output: value)
            case .skipped: state = StepState(status: .skipped, output: .null)
            case .failed(let message): state = StepState(status: .failed, output: .null, error: message)
            case .stopped:
                state = StepState(status: control.stoppedStatus, output: .null, error: control.stoppedMessage)
            }
            await finish(step, state)
            return state
        }
        let items: [JSONValue]
        do {
            let list = try forEach.evaluate(context: context, environment: plan.templateEnvironment)
            guard case .array(let elements) = list else {
                throw StepFailure(
                    "\(step.definition.forEach?.start.description ?? step.definition.location.description): "
                        + "error: 'for_each' of step '\(step.name)' gave \(list.typeName), not a list")
            }
            items = elements
        } catch {
            await emit(.stepStarted(step: step.name, kind: kind, itemCount: nil, at: clock.date))
            let state = StepState(status: .failed, output: .null, error: StepFailure(error).message)
            await finish(step, state)
            return state
        }
        await emit(.stepStarted(step: step.name, kind: kind, itemCount: items.count, at: clock.date))
        let state = await fanOut(step, items: items, context: context)
        await finish(step, state)
        return state
    }

    private func finish(_ step: PlannedStep, _ state: StepState) async {
        let outcome = outcome(of: state)
        switch state.status {
        case .succeeded: await emit(.stepFinished(step: step.name, outcome: outcome))
        case .skipped: await emit(.stepSkipped(step: step.name, outcome: outcome))
        default: await emit(.stepFailed(step: step.name, outcome: outcome))
        }
    }

    /// Runs every item under the step's `concurrency`; the output lists the kept items' outputs in input order.
    private func fanOut(_ step: PlannedStep, items: [JSONValue], context: JSONObject) async -> StepState {
        let window = max(1, step.definition.concurrency)
        var results = [UnitResult?](repeating: nil, count: items.count)
        await withTaskGroup(of: (Int, UnitResult).self) { group in
            var next = 0
            var inFlight = 0
            while next < items.count || inFlight > 0 {
                while inFlight < window, next < items.count, !control.isStopped {
                    let index = next
                    let item = items[index]
                    next += 1
                    inFlight += 1
                    group.addTask { (index, await self.runItem(step, index: index, item: item, context: context)) }
                }
                guard let (index, result) = await group.next() else { break }
                inFlight -= 1
                results[index] = result
                if case .failed = result, options.failFast { control.stop(.failFast(step: step.name)) }
            }
        }
        var outputs: [JSONValue] = []
        var failures: [(Int, String)] = []
        var stopped = false
        for (index, result) in results.enumerated() {
            switch result {
            case .output(let value)?: outputs.append(value)
            case .skipped?: break
            case .failed(let message)?: failures.append((index, message))
            case .stopped?, nil: stopped = true
            }
        }
        if let (index, message) = failures.first {
            let count = failures.count
            return StepState(
                status: .failed, output: .null,
                error: "\(count) of \(items.count) item\(items.count == 1 ? "" : "s") failed; item \(index): \(message)"
            )
        }
        if stopped {
            return StepState(status: control.stoppedStatus, output: .null, error: control.stoppedMessage)
        }
        return StepState(status: .succeeded, output: .array(outputs))
    }

    private func runItem(_ step: PlannedStep, index: Int, item: JSONValue, context: JSONObject) async -> UnitResult {
        await emit(.itemStarted(step: step.name, index: index, input: item, at: clock.date))
        var itemContext = context
        itemContext[step.definition.itemVariable ?? "item"] = item
        let result = await runUnit(step, context: itemContext, itemIndex: index)
        let outcome: WorkOutcome
        switch result {
        case .output(let value): outcome = WorkOutcome(status: .succeeded, output: value)
        case .skipped: outcome = WorkOutcome(status: .skipped, output: .null)
        case .failed(let message): outcome = WorkOutcome(status: .failed, error: message)
        case .stopped: outcome = WorkOutcome(status: control.stoppedStatus, error: control.stoppedMessage)
        }
        await emit(.itemFinished(step: step.name, index: index, outcome: outcome))
        return result
    }

    /// Evaluates `vars` and `when`, then runs the step's body once (for one item, or for the step).
    private func runUnit(_ step: PlannedStep, context: JSONObject, itemIndex: Int?) async -> UnitResult {
        var context = context
        do {
            var values: [(String, JSONValue)] = []
            for variable in step.variables {
                values.append(
                    (
                        variable.name,
                        try variable.expression.evaluate(context: context, environment: plan.templateEnvironment)
                    ))
            }
            for (name, value) in values { context[name] = value }
            if let when = step.when,
                !(try when.evaluate(context: context, environment: plan.templateEnvironment)).isTruthy
            {
                return .skipped
            }
            let scope = UnitScope(runID: runID, step: step, itemIndex: itemIndex, context: context)
            switch step.definition.kind {
            case .template(let settings):
                let text = try step.template?.render(context: context, environment: plan.templateEnvironment) ?? ""
                return .output(try OutputDecoder.decode(text, as: settings.output, lenient: false))
            case .run(let settings):
                return .output(try await limiter.withPlace { try await self.runCommand(settings, in: scope) })
            case .model(let settings):
                return .output(try await limiter.withPlace { try await self.callModels(settings, in: scope) })
            }
        } catch is CancellationError {
            return .stopped
        } catch {
            if control.isStopped { return .stopped }
            return .failed(StepFailure(error).message)
        }
    }
}

/// Where one unit of work runs: the run, the step, the fan-out item and the template context.
struct UnitScope: Sendable {
    var runID: RunID
    var step: PlannedStep
    var itemIndex: Int?
    var context: JSONObject

    /// The key of attempt `number` of this unit.
    func attemptKey(_ number: Int) -> AttemptKey {
        AttemptKey(runID: runID, step: step.name, itemIndex: itemIndex, number: number)
    }
}

extension StepFailure {
    /// A failure from any error: diagnostics rendered, step failures as they are.
    init(_ error: any Error) {
        switch error {
        case let failure as StepFailure: self = failure
        case let diagnostics as DiagnosticError: self.init(diagnostics)
        case let provider as ProviderError: self.init(provider.description)
        default: self.init("\(error)")
        }
    }
}
