import Foundation
import SluiceCore
import SluiceProviders

/// Engine overhead per step: whole `sluice run` processes on `local`, minus start-up and the
/// provider's own time.
///
/// overhead per step = (wall of the run − wall of a one-step run) ÷ steps − the `local`
/// provider's time per call (measured in this process on the same kind of request). The one-step
/// run holds process start-up, loading, the store's creation and the outputs; what is left per
/// step is scheduling, binding and rendering, the event channel, the recorder and the store writes.
struct EngineSection {
    /// The chain, DAG and fan-out sizes.
    static func workloads(_ context: BenchContext) -> [EngineWorkload] {
        [
            EngineWorkload(shape: .chain, steps: context.size(1000, quick: 20)),
            EngineWorkload(shape: .chain, steps: context.size(4000, quick: 80)),
            EngineWorkload(shape: .wide, steps: context.size(1000, quick: 20)),
            EngineWorkload(shape: .fanOut, steps: context.size(10_000, quick: 100)),
            EngineWorkload(shape: .fanOut, steps: context.size(100_000, quick: 400)),
        ]
    }

    func run(_ context: BenchContext, runs: inout WorkloadRuns) async throws -> [Figure] {
        let baseline = try runs.measurements(of: EngineWorkload(shape: .chain, steps: 1), in: context)
        let providerCall = await Self.localProviderCall(calls: context.size(2000, quick: 100))
        var figures = [
            Figure(name: "one-step run (start-up, store, outputs)", value: baseline.wall.median, unit: "ms"),
            Figure(name: "local provider, one call in process", value: providerCall, unit: "ms"),
        ]
        var overheads: [EngineWorkload: Double] = [:]
        let workloads = Self.workloads(context)
        for workload in workloads {
            let measured = try runs.measurements(of: workload, in: context)
            let steps = Double(workload.steps)
            let overhead = (measured.wall.median - baseline.wall.median) / steps - providerCall
            overheads[workload] = overhead
            let firstOfItsShape = workloads.first { $0.shape == workload.shape } == workload
            let goal: Figure.Goal? = firstOfItsShape && workload.shape != .fanOut ? .atMost(0.2) : nil
            figures += [
                Figure(name: "\(workload.label): wall", value: measured.wall.median / 1000, unit: "s"),
                Figure(name: "\(workload.label): overhead per step", value: overhead, unit: "ms", goal: goal),
                Figure(
                    name: "\(workload.label): CPU per step",
                    value: (measured.cpu.median - baseline.cpu.median) / steps, unit: "ms"),
            ]
        }
        for shape in [EngineWorkload.Shape.chain, .fanOut] {
            let sizes = workloads.filter { $0.shape == shape }
            guard let small = sizes.first, let large = sizes.last, let low = overheads[small],
                let high = overheads[large]
            else { continue }
            figures.append(
                Figure(
                    name: "\(large.label) ÷ \(small.label): growth of overhead per step", value: high / low,
                    unit: "×", goal: shape == .chain ? .atMost(1.5) : nil))
        }
        return figures
    }

    /// Milliseconds the `local` provider takes to stream one answer like the workloads' (`max_tokens`
    /// 16), in this process, averaged over `calls`.
    static func localProviderCall(calls: Int) async -> Double {
        let provider = LocalProvider()
        let clock = ContinuousClock()
        let started = clock.now
        for index in 0..<calls {
            let request = ModelRequest(
                model: "default", messages: [.user("Continue after item \(index) of the chain")],
                maxTokens: EngineWorkload.maximumTokens, stream: true)
            do {
                for try await _ in provider.stream(request) {}
            } catch {
                continue
            }
        }
        return (clock.now - started).milliseconds / Double(calls)
    }
}
