import Foundation
import SluiceCore
public import SluicePipeline
public import SluiceStore

/// Runs the test cases of one pipeline, each as a real run recorded in the store, and checks
/// their assertions.
///
/// Every case is a ``PipelineRun`` like `sluice run` starts, so a failing case can be reviewed
/// with `sluice show RUN`; a `test-case` note on the run names the case. Up to `parallelCases`
/// cases run at once; results come back in the order the cases are written.
public struct PipelineTestRunner: Sendable {
    /// The pipeline's checked plan; its definition holds the cases.
    public var plan: PipelinePlan
    /// Where the runs are recorded.
    public var store: SluiceStore
    /// A fresh environment for each case's run (providers, prices, traffic), given the case's budget.
    public var makeEnvironment: @Sendable (_ maximumCost: Double?) -> ExecutionEnvironment
    /// The options of each run.
    public var options: RunOptions
    /// A model chain for every model step of every case (`sluice test --model`), over the cases' own `model:`.
    public var models: [ModelReference]?
    /// The most cases running at once.
    public var parallelCases: Int
    /// Reaches every run in flight when the session is interrupted; share one across runners.
    public let control: TestRunControl

    /// A runner with every part given.
    public init(
        plan: PipelinePlan, store: SluiceStore,
        makeEnvironment: @escaping @Sendable (_ maximumCost: Double?) -> ExecutionEnvironment, options: RunOptions,
        models: [ModelReference]? = nil, parallelCases: Int = 4, control: TestRunControl = TestRunControl()
    ) {
        self.plan = plan
        self.store = store
        self.makeEnvironment = makeEnvironment
        self.options = options
        self.models = models
        self.parallelCases = max(1, parallelCases)
        self.control = control
    }

    /// Runs `cases` (every case of the pipeline by default) and returns their results in the same order.
    public func run(_ cases: [PipelineTestCase]? = nil) async -> [TestCaseResult] {
        let cases = cases ?? plan.definition.tests
        var results: [TestCaseResult?] = Array(repeating: nil, count: cases.count)
        await withTaskGroup(of: (Int, TestCaseResult).self) { group in
            var started = 0
            for index in 0..<min(parallelCases, cases.count) {
                group.addTask { (index, await runCase(cases[index])) }
                started += 1
            }
            // Each case that ends makes room for the next one.
            for await (index, result) in group {
                results[index] = result
                if started < cases.count {
                    let next = started
                    group.addTask { (next, await runCase(cases[next])) }
                    started += 1
                }
            }
        }
        return results.compactMap(\.self)
    }

    private func runCase(_ testCase: PipelineTestCase) async -> TestCaseResult {
        var inputs = testCase.inputs
        for input in plan.definition.inputs where inputs[input.name] == nil {
            if let value = input.defaultValue { inputs[input.name] = value }
        }
        let chain = models ?? testCase.models
        let casePlan = chain.map { plan.callingModels($0) } ?? plan
        let environment = makeEnvironment(plan.definition.maximumCost)
        let started = environment.clock.date
        func result(
            runID: RunID?, verdict: TestCaseResult.Verdict, failures: [AssertionFailure], runFailure: RunFailure?
        ) -> TestCaseResult {
            TestCaseResult(
                pipeline: plan.name, name: testCase.name, location: testCase.location, runID: runID, verdict: verdict,
                failures: failures, runFailure: runFailure,
                duration: .fromMilliseconds(max(0, environment.clock.date.timeIntervalSince(started) * 1000)))
        }
        guard !control.isInterrupted else {
            return result(
                runID: nil, verdict: .runFailed, failures: [],
                runFailure: RunFailure(.interrupted, "interrupted before the case started"))
        }
        let run: PipelineRun
        do {
            run = try await PipelineRun.start(
                plan: casePlan, inputs: inputs, store: store, environment: environment, options: options)
        } catch {
            return result(runID: nil, verdict: .runFailed, failures: [], runFailure: RunFailure(error.diagnostic))
        }
        control.add(run)
        defer { control.remove(run) }
        let note = RunNote(
            runID: run.runID, kind: .testCase,
            message: TestCaseNote.message(for: testCase),
            at: environment.clock.date)
        // The note only labels the run; a store that refuses it fails the run's own writes too.
        try? await store.record([.addNote(note)])
        var observed = ObservedRun()
        let outcome = await run.complete { event in observed.observe(event) }
        guard outcome.result.status == .succeeded else {
            return result(
                runID: run.runID, verdict: .runFailed, failures: [],
                runFailure: outcome.result.failure
                    ?? RunFailure(.interrupted, "the run ended \(outcome.result.status.rawValue)"))
        }
        let failures = testCase.assertions.compactMap { $0.evaluate(on: observed) }
        return result(
            runID: run.runID, verdict: failures.isEmpty ? .passed : .failed, failures: failures, runFailure: nil)
    }
}
