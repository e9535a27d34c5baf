import SluiceCore

/// Whole-process measurements of each workload, taken once and shared by the sections that
/// report on them (the engine's overhead and the fan-outs' peak memory come from the same runs).
struct WorkloadRuns {
    /// Medians need the samples, so each is kept per measured quantity.
    struct Samples {
        /// Wall times, in milliseconds.
        var wall: [Double]
        /// CPU times (user + system), in milliseconds.
        var cpu: [Double]
        /// Peak resident set sizes, in MB.
        var peakMegabytes: [Double]
    }

    private var measured: [EngineWorkload: Samples] = [:]

    /// The workload's samples, measuring it first if no section has.
    mutating func measurements(of workload: EngineWorkload, in context: BenchContext) throws -> Samples {
        if let samples = measured[workload] { return samples }
        let runs = try workload.measure(in: context)
        let samples = Samples(
            wall: runs.map(\.wall.milliseconds), cpu: runs.map(\.cpu.milliseconds),
            peakMegabytes: runs.map { Double($0.peakResidentBytes) / 1_048_576 })
        measured[workload] = samples
        return samples
    }
}
