import Foundation
import SluiceCore
import SluiceStore

/// A fully cached re-run: a 100-step chain on `local` is run once to fill the response cache,
/// then again, unchanged, as a whole process; the re-run's wall time is the figure.
///
/// A re-run counts as cached only when the store shows that none of its attempts called the
/// provider; otherwise (no cache yet, or a cache miss) the figure is reported as not measurable.
struct CacheSection {
    func run(_ context: BenchContext) async throws -> [Figure] {
        let steps = context.size(100, quick: 20)
        let name = "cached re-run of a \(steps)-step chain"
        let project = try ScratchProject("cache")
        defer { project.remove() }
        try project.write(EngineWorkload(shape: .chain, steps: steps).pipelineText, to: "pipelines/bench.yaml")
        let arguments = ["run", "bench", "--quiet", "--project", project.root.path]
        _ = try ChildProcess.run(context.sluice, arguments)
        var walls: [Double] = []
        for _ in 0..<max(3, context.repeats) {
            walls.append(try ChildProcess.run(context.sluice, arguments).wall.milliseconds)
            let providerCalls = try await Self.providerCallsOfLatestRun(in: project)
            if providerCalls > 0 {
                return [
                    Figure.notMeasurable(
                        name, unit: "ms", goal: .atMost(100),
                        because: "the re-run called the provider \(providerCalls) times (no response cache)")
                ]
            }
        }
        return [Figure(name: "\(name): median", value: walls.median, unit: "ms", goal: .atMost(100))]
    }

    /// Attempts of the project's latest run that were not answered from the cache.
    static func providerCallsOfLatestRun(in project: ScratchProject) async throws -> Int {
        let store = try SluiceStore(at: SluiceStore.defaultURL(projectRoot: project.root))
        guard let latest = try await store.runs(limit: 1).first else { return 0 }
        let transcript = try await store.transcript(latest.id)
        let attempts = transcript.steps.flatMap { $0.attempts + $0.items.flatMap(\.attempts) }
        return attempts.filter { $0.outcome?.fromCache != true }.count
    }
}
