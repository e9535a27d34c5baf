/// Peak resident memory of the large fan-outs, from the same whole-process runs the engine
/// section times (`wait4`'s `ru_maxrss` of the `sluice run` child).
struct MemorySection {
    /// The goals of the smaller and the larger fan-out (10,000 and 100,000 items), in MB.
    static let goals: [Double] = [150, 400]

    func run(_ context: BenchContext, runs: inout WorkloadRuns) throws -> [Figure] {
        let fanOuts = EngineSection.workloads(context).filter { $0.shape == .fanOut }
        return try zip(fanOuts, Self.goals).map { workload, megabytes in
            let samples = try runs.measurements(of: workload, in: context)
            return Figure(
                name: "\(workload.label): peak RSS", value: samples.peakMegabytes.median, unit: "MB",
                goal: .atMost(megabytes))
        }
    }
}
