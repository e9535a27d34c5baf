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
    static func run(
        _ name: String, inputs assignments: [String] = [],
        providers: ProviderRegistry = .standard(config: config, environment: [:]),
        failFast: Bool = false, concurrency: Int = 16, timeout: Duration? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(sleep: { _ in })
    ) async throws -> Run {
        let plan = try plan(name)
        let inputs = try PipelineInputs.resolve(assignments, for: plan.definition, workingDirectory: projectRoot)
        let executor = PipelineExecutor(
            plan: plan, environment: ExecutionEnvironment(providers: providers),
            options: RunOptions(
                concurrency: concurrency, failFast: failFast, timeout: timeout, workingDirectory: projectRoot,
                retryPolicy: retryPolicy))
        let execution = executor.start(runID: RunID.generate(), inputs: inputs)
        var events: [RunEvent] = []
        var result: RunResult?
        for await event in execution.events {
            events.append(event)
            if case .runFinished(let finished) = event { result = finished }
        }
        return Run(events: events, result: try #require(result))
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
            case .usage(let key, _): "\(key.step) usage"
            case .attemptFinished(let key, _): "\(key.step) attempt \(key.number) finished"
            case .itemFinished(let step, let index, _): "\(step)[\(index)] finished"
            case .stepFinished(let step, _): "\(step) finished"
            case .stepFailed(let step, _): "\(step) failed"
            case .stepSkipped(let step, _): "\(step) skipped"
            case .runFinished: "run finished"
            }
        }
    }
}
