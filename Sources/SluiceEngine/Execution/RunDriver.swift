import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
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
    /// The run-wide cap on model calls and commands in flight; a place is held for one attempt,
    /// never across a retry's wait.
    let limiter: AsyncLimiter
    /// Provider accounts the run stopped trying.
    let accountsSetAside = AccountsSetAside()
    /// What the run has spent.
    let spending = SpendingMeter()

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
        await environment.cache.flush()
        await emit(.runFinished(result(from: states)))
    }

    private func result(from states: [String: StepState]) -> RunResult {
        let warnings = accountsSetAside.reasons
        func ended(_ status: ExecutionStatus, _ failure: RunFailure?, outputs: JSONObject? = nil) -> RunResult {
            RunResult(
                runID: runID, status: status, outputs: outputs, failure: failure, warnings: warnings,
                finishedAt: clock.date)
        }
        if let reason = control.reason ?? (Task.isCancelled ? .interrupted : nil) {
            switch reason {
            case .interrupted:
                return ended(.interrupted, control.stoppedFailure)
            case .failFast(let step):
                var failure = states[step]?.failure ?? RunFailure(.stepFailed, "step '\(step)' failed")
                failure.message = "step '\(step)' failed: \(failure.message); --fail-fast cancelled the rest"
                failure.code = .failFast
                return ended(.failed, failure)
            case .runTimeout(let limit):
                return ended(
                    .failed,
                    RunFailure(
                        .runTimeout, "the run took longer than its limit of \(limit.readable)",
                        hint: "raise --timeout, or lower the work the run does"))
            case .budgetExhausted:
                return ended(.budgetStopped, budgetFailure(states))
            }
        }
        if let failed = plan.steps.first(where: { states[$0.name]?.status == .failed }) {
            var failure =
                states[failed.name]?.failure ?? RunFailure(.stepFailed, "failed", at: failed.definition.location)
            failure.message = "step '\(failed.name)' failed: \(failure.message)"
            return ended(.failed, failure)
        }
        let context = plan.runContext(inputs: inputs, steps: stepsObject(states))
        var outputs = JSONObject()
        do {
            for output in plan.outputs {
                outputs[output.name] = try output.expression.evaluate(
                    context: context, environment: plan.templateEnvironment)
            }
        } catch {
            var failure = RunFailure(from: error, at: nil)
            failure.message = "the run's outputs could not be evaluated: \(failure.message)"
            failure.code = .outputsFailed
            return ended(.failed, failure)
        }
        return ended(.succeeded, nil, outputs: outputs)
    }

    private func stepsObject(_ states: [String: StepState]) -> JSONObject {
        var object = JSONObject()
        for step in plan.steps {
            if let state = states[step.name], state.allowsDependents { object[step.name] = ["output": state.output] }
        }
        return object
    }

    // MARK: - Scheduling

    /// Runs every step not already finished (``ExecutionEnvironment/finishedWork``), each as soon
    /// as its dependencies have finished; returns how each ended.
    ///
    /// Each step keeps a count of its unfinished dependencies; a finished step lowers the count
    /// of its dependents and starts those that reach zero, so scheduling costs O(steps + edges)
    /// rather than a rescan of every waiting step after each one finishes.
    private func schedule() async -> [String: StepState] {
        var states: [String: StepState] = [:]
        var outputs = JSONObject()
        for (name, finished) in environment.finishedWork.finishedSteps where plan.step(named: name) != nil {
            let state = StepState(status: finished.status, output: finished.output)
            states[name] = state
            if state.allowsDependents { outputs[name] = ["output": state.output] }
        }
        var unfinishedDependencies: [String: Int] = [:]
        var dependents: [String: [PlannedStep]] = [:]
        var ready: [PlannedStep] = []
        for step in plan.steps where states[step.name] == nil {
            let unfinished = Set(step.dependencies).filter { states[$0] == nil }
            unfinishedDependencies[step.name] = unfinished.count
            for dependency in unfinished { dependents[dependency, default: []].append(step) }
            if unfinished.isEmpty { ready.append(step) }
        }
        await withTaskGroup(of: (String, StepState).self) { group in
            func settle(_ name: String, _ state: StepState) {
                states[name] = state
                if state.allowsDependents { outputs[name] = ["output": state.output] }
                for dependent in dependents[name] ?? [] {
                    let count = (unfinishedDependencies[dependent.name] ?? 1) - 1
                    unfinishedDependencies[dependent.name] = count
                    if count == 0 { ready.append(dependent) }
                }
            }
            var next = 0
            while true {
                while next < ready.count {
                    let step = ready[next]
                    next += 1
                    if control.isStopped {
                        var failure = control.stoppedFailure
                        failure.message = "not run: " + failure.message
                        let state = StepState(status: control.stoppedStatus, output: .null, failure: failure)
                        await emit(.stepFailed(step: step.name, outcome: outcome(of: state)))
                        settle(step.name, state)
                        continue
                    }
                    if let blocker = step.dependencies.first(where: { states[$0]?.allowsDependents == false }) {
                        let state = StepState(
                            status: .cancelled, output: .null,
                            failure: RunFailure(
                                .dependencyFailed, "not run: step '\(blocker)' it depends on did not succeed",
                                at: step.definition.location))
                        await emit(.stepFailed(step: step.name, outcome: outcome(of: state)))
                        settle(step.name, state)
                        continue
                    }
                    let context = plan.runContext(inputs: inputs, steps: outputs)
                    group.addTask { (step.name, await self.run(step, context: context)) }
                }
                guard let (name, state) = await group.next() else { break }
                settle(name, state)
                if state.status == .failed, options.failFast { control.stop(.failFast(step: name)) }
            }
        }
        return states
    }

    func outcome(of state: StepState) -> WorkOutcome {
        WorkOutcome(
            status: state.status, output: state.output, failure: state.failure, cacheHit: state.cacheHit,
            finishedAt: clock.date)
    }

    // MARK: - Steps

    private func run(_ step: PlannedStep, context: JSONObject) async -> StepState {
        let kind = step.definition.kind
        let binding = StepBinding(step, in: plan)
        let items: [JSONValue]?
        do {
            items = try binding.items(in: context)
        } catch {
            await emit(.stepStarted(step: step.name, kind: kind, itemCount: nil, at: clock.date))
            let state = StepState(
                status: .failed, output: .null, failure: RunFailure(from: error, at: step.definition.location))
            await finish(step, state)
            return state
        }
        guard let items else {
            await emit(.stepStarted(step: step.name, kind: kind, itemCount: nil, at: clock.date))
            let state: StepState
            switch await runUnit(binding, context: context, item: nil, itemIndex: nil) {
            case .output(let value, let fromCache):
                state = StepState(status: .succeeded, output: value, cacheHit: fromCache)
            case .skipped: state = StepState(status: .skipped, output: .null)
            case .failed(let failure): state = StepState(status: .failed, output: .null, failure: failure)
            case .stopped:
                state = StepState(status: control.stoppedStatus, output: .null, failure: control.stoppedFailure)
            }
            await finish(step, state)
            return state
        }
        await emit(.stepStarted(step: step.name, kind: kind, itemCount: items.count, at: clock.date))
        let state = await fanOut(binding, items: items, context: context)
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
    private func fanOut(_ binding: StepBinding, items: [JSONValue], context: JSONObject) async -> StepState {
        let step = binding.step
        let window = max(1, step.definition.concurrency)
        var results = [UnitResult?](repeating: nil, count: items.count)
        let finishedItems = environment.finishedWork.finishedItems[step.name] ?? [:]
        await withTaskGroup(of: (Int, UnitResult).self) { group in
            var next = 0
            var inFlight = 0
            while next < items.count || inFlight > 0 {
                while inFlight < window, next < items.count, !control.isStopped {
                    let index = next
                    let item = items[index]
                    next += 1
                    if let finished = finishedItems[index], let kept = Self.keptResult(finished, for: item) {
                        results[index] = kept
                        continue
                    }
                    inFlight += 1
                    group.addTask {
                        (index, await self.runItem(binding, index: index, item: item, context: context))
                    }
                }
                guard let (index, result) = await group.next() else { break }
                inFlight -= 1
                results[index] = result
                if case .failed = result, options.failFast { control.stop(.failFast(step: step.name)) }
            }
        }
        var outputs: [JSONValue] = []
        var failures: [(Int, RunFailure)] = []
        var stopped = false
        var everyOutputCached = true
        for (index, result) in results.enumerated() {
            switch result {
            case .output(let value, let fromCache)?:
                outputs.append(value)
                everyOutputCached = everyOutputCached && fromCache
            case .skipped?: break
            case .failed(let failure)?: failures.append((index, failure))
            case .stopped?, nil: stopped = true
            }
        }
        if let (index, first) = failures.first {
            var failure = first
            let plural = items.count == 1 ? "" : "s"
            failure.message =
                "\(failures.count) of \(items.count) item\(plural) failed; item \(index): \(first.message)"
            failure.code = .itemsFailed
            return StepState(status: .failed, output: .null, failure: failure)
        }
        if stopped {
            let unfinished = results.count(where: { (result: UnitResult?) -> Bool in
                if case .stopped? = result { return true }
                return result == nil
            })
            var state = StepState(status: control.stoppedStatus, output: .null, failure: control.stoppedFailure)
            state.unfinishedItems = (unfinished, items.count)
            return state
        }
        return StepState(
            status: .succeeded, output: .array(outputs), cacheHit: !outputs.isEmpty && everyOutputCached)
    }

    private func runItem(_ binding: StepBinding, index: Int, item: JSONValue, context: JSONObject) async -> UnitResult {
        let step = binding.step.name
        await emit(.itemStarted(step: step, index: index, input: item, at: clock.date))
        let result = await runUnit(binding, context: context, item: item, itemIndex: index)
        let outcome: WorkOutcome
        switch result {
        case .output(let value, let fromCache):
            outcome = WorkOutcome(status: .succeeded, output: value, cacheHit: fromCache, finishedAt: clock.date)
        case .skipped: outcome = WorkOutcome(status: .skipped, output: .null, finishedAt: clock.date)
        case .failed(let failure): outcome = WorkOutcome(status: .failed, failure: failure, finishedAt: clock.date)
        case .stopped:
            outcome = WorkOutcome(
                status: control.stoppedStatus, failure: control.stoppedFailure, finishedAt: clock.date)
        }
        await emit(.itemFinished(step: step, index: index, outcome: outcome))
        return result
    }

    /// Binds the unit's context (item, `vars`), checks `when`, then runs the step's body once
    /// (for one item, or for the step).
    private func runUnit(
        _ binding: StepBinding, context: JSONObject, item: JSONValue?, itemIndex: Int?
    ) async
        -> UnitResult
    {
        let step = binding.step
        do {
            let unitContext = try binding.context(base: context, item: item)
            guard try binding.runs(in: unitContext) else { return .skipped }
            let scope = UnitScope(
                runID: runID, binding: binding, itemIndex: itemIndex, context: unitContext,
                attemptsBefore: environment.finishedWork.attemptNumbers[
                    RunSnapshot.AttemptSlot(step: step.name, itemIndex: itemIndex)] ?? 0)
            switch step.definition.settings {
            case .template(let settings):
                return .output(try await renderTemplate(settings, in: scope))
            case .run(let settings):
                return .output(try await runCommand(settings, in: scope))
            case .model(let settings):
                return try await modelStepResult(settings, in: scope)
            }
        } catch is CancellationError {
            return .stopped
        } catch {
            if control.isStopped { return .stopped }
            return .failed(RunFailure(from: error, at: step.definition.location))
        }
    }

    /// Renders a template step's text under the step's timeout and decodes it as its output.
    private func renderTemplate(_ settings: TemplateStepSettings, in scope: UnitScope) async throws -> JSONValue {
        let binding = scope.binding
        let context = scope.context
        let text: String
        do {
            text = try await withDeadline(scope.step.definition.timeout, clock: clock) {
                try binding.payload(in: context).templateText ?? ""
            }
        } catch let deadline as DeadlineExceeded {
            throw RunFailure(
                .stepTimeout,
                "the template of step '\(scope.step.name)' did not finish rendering within its timeout of "
                    + deadline.limit.readable,
                at: scope.step.definition.location, hint: "raise the step's 'timeout', or render less")
        }
        return try OutputDecoder.decode(text, as: settings.output, lenient: false, for: scope.step)
    }
}

/// Where one unit of work runs: the run, the step's binding, the fan-out item and the bound context.
struct UnitScope: Sendable {
    var runID: RunID
    var binding: StepBinding
    var itemIndex: Int?
    var context: JSONObject
    /// The highest attempt number already recorded for this unit (by an earlier attempt at a resumed run).
    var attemptsBefore = 0
    /// The last successful model attempt's answer, for the response cache.
    let answer = AcceptedAnswer()

    /// The step.
    var step: PlannedStep { binding.step }

    /// The key of attempt `number` of this unit.
    func attemptKey(_ number: Int) -> AttemptKey {
        AttemptKey(runID: runID, step: step.name, itemIndex: itemIndex, number: number)
    }
}
