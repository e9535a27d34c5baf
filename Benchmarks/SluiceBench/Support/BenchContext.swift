import Foundation

/// Where the benchmark finds what it runs, and how big it runs it.
struct BenchContext: Sendable {
    /// The folder holding `sluice-bench`, `sluice`, `sluice-mock-provider` and
    /// `libSluiceHTTPClient.so` (`.build/release` or `.build/debug`).
    var productsFolder: URL
    /// The `sluice` executable measured (the one next to `sluice-bench` unless `--sluice` names another).
    var sluice: URL
    /// The checkout's root, whose `pipelines/` are the examples `sluice validate` checks.
    var repositoryRoot: URL
    /// Small sizes and few repetitions: a smoke run that only shows every section still works.
    var quick: Bool
    /// How often each whole-process measurement is repeated (the median is reported).
    var repeats: Int

    /// The context for a `sluice-bench` at `executable` (usually `CommandLine.arguments[0]`).
    init(executable: URL, sluice: URL?, quick: Bool, repeats: Int?) throws {
        productsFolder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        self.sluice = sluice ?? productsFolder.appendingPathComponent("sluice")
        self.quick = quick
        self.repeats = repeats ?? (quick ? 1 : 3)
        var folder = productsFolder
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            guard folder.pathComponents.count > 1 else {
                throw BenchError(
                    "cannot find the checkout (a folder holding Package.swift) above \(productsFolder.path)")
            }
            folder.deleteLastPathComponent()
        }
        repositoryRoot = folder
        for binary in [self.sluice, productsFolder.appendingPathComponent("sluice-mock-provider")]
        where !FileManager.default.isExecutableFile(atPath: binary.path) {
            throw BenchError(
                "\(binary.path) is missing; build everything first: swift build -c release "
                    + "(a plain 'swift build --product sluice' builds neither the mock nor libSluiceHTTPClient.so)")
        }
    }

    /// Picks the full size or, with `--quick`, the small one.
    func size(_ full: Int, quick small: Int) -> Int { quick ? small : full }

    /// The one-minute, five-minute and fifteen-minute load averages (`/proc/loadavg`).
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
