import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceStore
import SluiceTestSupport
import Testing

/// Loads the fixture project's pipelines and runs them through the executor, collecting events.
enum EngineHarness {
    /// `Fixtures/project`: a Sluice project whose pipelines exercise the executor.
    static let projectRoot = TestFixtures().url("project").path

    /// The checked plan of fixture pipeline `name`.
    static func plan(_ name: String) throws -> PipelinePlan {
        var loader = ProjectLoader(project: Project(root: projectRoot))
        let result = loader.loadPipeline(named: name)
        let problems = (loader.configDiagnostics + result.diagnostics).filter { $0.severity == .error }
        let plan = try #require(result.plan, "\(problems.map(\.headline))")
        return plan
    }

    /// The config of the fixture project.
    static var config: ProjectConfig {
        ProjectLoader(project: Project(root: projectRoot)).config
    }

    /// A finished run: every event in order, and the result.
    struct Run {
        var events: [RunEvent]
        var result: RunResult
    }

    /// Runs fixture pipeline `name` with `assignments` (`name=value`) and collects every event.
    ///
    /// Time is a `ManualTimeSource`: deadlines never pass unless `onEvent` advances it, and each
    /// retry's wait is let through as soon as it is scheduled (after `onEvent` has seen the
    /// event) unless `advancesRetryWaits` is false, so no test waits for real time.
    static func run(
        _ name: String, inputs assignments: [String] = [], providers: ProviderRegistry = standardProviders,
        failFast: Bool = false, concurrency: Int = 16, timeout: Duration? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(), clock: ManualTimeSource = ManualTimeSource(),
        advancesRetryWaits: Bool = true, showsLiveText: Bool = true,
        configure: (inout ExecutionEnvironment) -> Void = { _ in },
        onEvent: (RunEvent, ManualTimeSource) async -> Void = { _, _ in }
    ) async throws -> Run {
        let plan = try plan(name)
        let inputs = try PipelineInputs.resolve(assignments, for: plan.definition, workingDirectory: projectRoot)
        var environment = ExecutionEnvironment(providers: providers, clock: clock)
        configure(&environment)
        let executor = PipelineExecutor(
            plan: plan, environment: environment,
            options: RunOptions(
                concurrency: concurrency, failFast: failFast, timeout: timeout, workingDirectory: projectRoot,
                retryPolicy: retryPolicy, showsLiveText: showsLiveText))
        let execution = executor.start(runID: RunID.generate(), inputs: inputs)
        var events: [RunEvent] = []
        var result: RunResult?
        for await event in execution.events {
            events.append(event)
            await onEvent(event, clock)
            if advancesRetryWaits, case .retryScheduled(_, let delay, _) = event {
                await clock.waitForSleeper(wakingIn: delay)
                clock.advance(by: delay)
            }
            if case .runFinished(let finished) = event { result = finished }
        }
        return Run(events: events, result: try #require(result))
    }

    /// The fixture project's providers: `local`, and `barrier` mapped to it.
    static var standardProviders: ProviderRegistry {
        .standard(settings: config.providers, environment: [:])
    }

    /// The fixture project's providers with `local` built from `configuration`.
    static func providers(local configuration: LocalProvider.Configuration) -> ProviderRegistry {
        .standard(settings: config.providers, environment: [:], local: LocalProvider(configuration: configuration))
    }
}

extension EngineHarness.Run {
    /// The outcome a step ended with (finished, failed or skipped).
    func outcome(of step: String) -> WorkOutcome? {
        for event in events {
            switch event {
            case .stepFinished(step, let outcome), .stepFailed(step, let outcome), .stepSkipped(step, let outcome):
                return outcome
            default: continue
            }
        }
        return nil
    }

    /// Every attempt's end, in order, with its key.
    var attemptOutcomes: [(AttemptKey, AttemptOutcome)] {
        events.compactMap { event in
            if case .attemptFinished(let key, let outcome) = event { return (key, outcome) }
            return nil
        }
    }

    /// Every attempt's start, in order.
    var attemptStarts: [AttemptStart] {
        events.compactMap { event in
            if case .attemptStarted(let start) = event { return start }
            return nil
        }
    }

    /// A short label for each event, for checking order.
    var labels: [String] {
        events.map { event in
            switch event {
            case .runStarted: "run started"
            case .stepStarted(let step, _, _, _): "\(step) started"
            case .itemStarted(let step, let index, _, _): "\(step)[\(index)] started"
            case .attemptStarted(let start): "\(start.step) attempt \(start.number) started"
            case .textDelta(let key, _): "\(key.step) delta"
            case .streamRestarted(let key, let model, _): "\(key.step) restarted on \(model) in attempt \(key.number)"
            case .usage(let key, _): "\(key.step) usage"
            case .attemptFinished(let key, _): "\(key.step) attempt \(key.number) finished"
            case .itemFinished(let step, let index, _): "\(step)[\(index)] finished"
            case .stepFinished(let step, _): "\(step) finished"
            case .stepFailed(let step, _): "\(step) failed"
            case .stepSkipped(let step, _): "\(step) skipped"
            case .retryScheduled(let key, _, _): "\(key.step) retry after attempt \(key.number)"
            case .fellBack(let key, let next, _): "\(key.step) fell back to \(next) after attempt \(key.number)"
            case .accountDisabled(let key, let provider, _): "\(key.step) set aside \(provider)"
            case .breakerChanged(let key, let provider, _): "\(key.step) moved the breaker of \(provider)"
            case .callSkipped(let skipped): "\(skipped.step) skipped \(skipped.model)"
            case .runFinished: "run finished"
            }
        }
    }
}
