import ArgumentParser
import Foundation

/// `sluice-bench`: Sluice's performance figures against its goals, one table per section.
@main
struct SluiceBenchCommand: AsyncParsableCommand {
    /// A group of related figures.
    enum Section: String, ExpressibleByArgument, CaseIterable {
        case all, startup, engine, memory, cache, stream, traffic, micro, mock

        /// What `all` runs, in order (`mock` measures the test server, not Sluice).
        static let everySluiceSection: [Section] = [.startup, .engine, .memory, .cache, .stream, .traffic, .micro]

        var title: String {
            switch self {
            case .all: return "all"
            case .startup: return "cold start (whole process)"
            case .engine: return "engine overhead (whole process, local provider)"
            case .memory: return "peak memory (whole process)"
            case .cache: return "cached re-run (whole process)"
            case .stream: return "streaming pass-through (whole process)"
            case .traffic: return "rate-limit saturation (whole process, sluice-mock-provider)"
            case .micro: return "micro-benchmarks (in process)"
            case .mock: return "sluice-mock-provider under load (wrk)"
            }
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "sluice-bench",
        abstract: "Measure Sluice against its performance goals and print a table of figures.",
        discussion: """
            Runs the sluice, sluice-mock-provider and libSluiceHTTPClient.so built next to this \
            executable (build them all with 'swift build -c release'), as whole processes where the \
            figure is about a process. Prints figures; asserts no timings. Exits non-zero only when a \
            benchmark could not run. docs/performance.md explains each figure and keeps the results.
            """)

    @Argument(help: "The sections to run; all runs every one but mock.")
    var sections: [Section] = [.all]

    @Flag(help: "Small sizes and one repetition: a smoke run that shows every section still works.")
    var quick = false

    @Option(
        help: "How often each whole-process workload is repeated; the median is reported (default 3, 1 with --quick).")
    var repeats: Int?

    @Option(help: "Measure this sluice executable instead of the one next to sluice-bench.")
    var sluice: String?

    @Flag(help: "Print Markdown tables (for docs/performance.md).")
    var markdown = false

    func run() async throws {
        let context = try BenchContext(
            executable: URL(fileURLWithPath: CommandLine.arguments[0]), sluice: sluice.map(URL.init(fileURLWithPath:)),
            quick: quick, repeats: repeats)
        print(
            "sluice-bench\(quick ? " --quick" : ""): \(context.sluice.path), "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(BenchContext.loadAverage)")
        var runs = WorkloadRuns()
        var failed: [String] = []
        let chosen = sections.contains(.all) ? Section.everySluiceSection : sections
        for section in chosen {
            print("\n== \(section.title)")
            do {
                let figures = try await figures(of: section, context: context, runs: &runs)
                print(FigureTable(figures: figures).rendered(markdown: markdown))
            } catch {
                print("error: \(error)")
                failed.append(section.rawValue)
            }
        }
        print("\nload average at the end: \(BenchContext.loadAverage)")
        if !failed.isEmpty {
            print("could not run: \(failed.joined(separator: ", "))")
            throw ExitCode.failure
        }
    }

    private func figures(
        of section: Section, context: BenchContext, runs: inout WorkloadRuns
    ) async throws
        -> [Figure]
    {
        switch section {
        case .all: return []
        case .startup: return try StartupSection().run(context)
        case .engine: return try await EngineSection().run(context, runs: &runs)
        case .memory: return try MemorySection().run(context, runs: &runs)
        case .cache: return try await CacheSection().run(context)
        case .stream: return try await StreamSection().run(context)
        case .traffic: return try await TrafficSection().run(context)
        case .micro:
            return try await TemplateRenderMicro().run(context) + SchemaValidationMicro().run(context)
                + StoreWriteMicro().run(context)
        case .mock: return try await MockLoadSection().run(context)
        }
    }
}
