import Foundation
import SluiceCore
import SluiceProviders

/// Engine overhead per step: whole `sluice run` processes on `local`, minus start-up and the
/// provider's own time.
///
/// overhead per step = (wall of the run − wall of a one-step run) ÷ steps − the `local`
/// provider's CPU time per call (measured in this process on the same kind of request: `local`
/// has no latency, so its time is its CPU). The one-step run holds process start-up, loading,
/// the store's creation and the outputs; what is left per step is scheduling, binding and
/// rendering, the event channel, the recorder and the store writes. The same with CPU time
/// (user + system, every thread) in place of wall time is steadier on a busy machine.
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
            Figure(name: "one-step run (start-up, store, outputs): wall", value: baseline.wall.median, unit: "ms"),
            Figure(name: "local provider, one call in process: CPU", value: providerCall, unit: "ms"),
        ]
        var overheads: [EngineWorkload: (wall: Double, cpu: Double)] = [:]
        let workloads = Self.workloads(context)
        for workload in workloads {
            let measured = try runs.measurements(of: workload, in: context)
            let steps = Double(workload.steps)
            let unit = workload.shape == .fanOut ? "item" : "step"
            let wall = (measured.wall.median - baseline.wall.median) / steps - providerCall
            let cpu = (measured.cpu.median - baseline.cpu.median) / steps - providerCall
            overheads[workload] = (wall, cpu)
            let firstOfItsShape = workloads.first { $0.shape == workload.shape } == workload
            let goal: Figure.Goal? = firstOfItsShape && workload.shape != .fanOut ? .atMost(0.2) : nil
            figures += [
                Figure(name: "\(workload.label): wall", value: measured.wall.median / 1000, unit: "s"),
                Figure(name: "\(workload.label): overhead per \(unit)", value: wall, unit: "ms", goal: goal),
                Figure(name: "\(workload.label): engine CPU per \(unit)", value: cpu, unit: "ms"),
            ]
        }
        for shape in [EngineWorkload.Shape.chain, .fanOut] {
            let sizes = workloads.filter { $0.shape == shape }
            guard let small = sizes.first, let large = sizes.last, let low = overheads[small],
                let high = overheads[large]
            else { continue }
            let goal: Figure.Goal? = shape == .chain ? .atMost(1.5) : nil
            figures += [
                Figure(
                    name: "\(large.label) ÷ \(small.label): growth of overhead", value: high.wall / low.wall,
                    unit: "×", goal: goal),
                Figure(
                    name: "\(large.label) ÷ \(small.label): growth of engine CPU", value: high.cpu / low.cpu,
                    unit: "×", goal: goal),
            ]
        }
        return figures
    }

    /// Milliseconds of CPU (every thread of this process) the `local` provider takes to answer one
    /// request like the workloads' (`max_tokens` 16), averaged over `calls`.
    static func localProviderCall(calls: Int) async -> Double {
        let provider = LocalProvider()
        let started = CPUTime.processMilliseconds
        for index in 0..<calls {
            let request = ModelRequest(
                model: "default", messages: [.user("Continue after item \(index) of the chain")],
                maxTokens: EngineWorkload.maximumTokens)
            do {
                for try await _ in provider.stream(request) {}
            } catch {
                continue
            }
        }
        return (CPUTime.processMilliseconds - started) / Double(calls)
    }
}
