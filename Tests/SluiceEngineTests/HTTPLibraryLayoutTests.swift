import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// Where an installed `sluice` finds `libSluiceHTTPClient.so` (the URLSession half of the HTTP
/// transport, opened on the first provider call): next to itself, or in `../lib` beside its
/// folder, as in a `PREFIX/bin` + `PREFIX/lib` install; and what it says when neither holds it:
/// one attempt, failed with `http-library-missing`, neither retried nor passed down the chain.
@Suite(.timeLimit(.minutes(3)))
struct HTTPLibraryLayoutTests {
    static let library = "libSluiceHTTPClient.so"

    /// `ROOT/bin/sluice` (a link to, or a copy of, the built binary) and, when `libraryInLib`,
    /// `ROOT/lib/libSluiceHTTPClient.so`; a project in `ROOT/project` calling `mock` once, with a
    /// second model of the same provider to fall back to.
    static func install(libraryInLib: Bool, mock: MockProviderServer) throws -> (sluice: URL, project: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-layout-\(UUID())")
        let manager = FileManager.default
        for folder in ["bin", "lib", "project/pipelines"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        func place(_ source: URL, at destination: URL) throws {
            do { try manager.linkItem(at: source, to: destination) } catch {
                try manager.copyItem(at: source, to: destination)
            }
        }
        let sluice = root.appendingPathComponent("bin/sluice")
        try place(SluiceBinary.executable, at: sluice)
        if libraryInLib {
            try place(
                SluiceBinary.executable.deletingLastPathComponent().appendingPathComponent(library),
                at: root.appendingPathComponent("lib/\(library)"))
        }
        let project = root.appendingPathComponent("project")
        try """
        providers:
          bench: { kind: openai, base_url: \(mock.baseURL)/v1, api_key_env: LAYOUT_KEY }
        """.write(to: project.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        try """
        steps:
          hello:
            model: [bench/m, bench/n]
            prompt: Hello from an installed sluice.
        outputs:
          hello: steps.hello.output
        """.write(to: project.appendingPathComponent("pipelines/hello.yaml"), atomically: true, encoding: .utf8)
        return (sluice, project)
    }

    static func run(
        _ sluice: URL, _ arguments: [String] = ["run", "hello"], in project: URL
    ) throws -> (status: Int32, output: String, error: String) {
        let (process, output, error) = SluiceBinary.process(
            arguments, in: project, environment: ["LAYOUT_KEY": "layout-key-0001"])
        process.executableURL = sluice
        try process.run()
        let errorText = error.fileHandleForReading.readDataToEndOfFile()
        let outputText = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outputText, as: UTF8.self),
            String(decoding: errorText, as: UTF8.self)
        )
    }

    @Test("an installed sluice in bin/ calls a provider through the library in ../lib")
    func libraryInTheLibFolder() throws {
        let mock = try MockProviderServer.start()
        let (sluice, project) = try Self.install(libraryInLib: true, mock: mock)
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let outcome = try Self.run(sluice, in: project)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output == "Mock reply from m: Hello from an installed sluice.\n")
    }

    @Test("without the library, one attempt fails, not retried, saying where sluice looked and what to do")
    func missingLibrary() throws {
        let mock = try MockProviderServer.start()
        let (sluice, project) = try Self.install(libraryInLib: false, mock: mock)
        let root = project.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try Self.run(sluice, in: project)
        #expect(outcome.status == 1)
        #expect(outcome.error.contains("[provider-http-library-missing]"), "\(outcome.error)")
        #expect(outcome.error.contains("cannot load \(Self.library)"), "\(outcome.error)")
        let looked = root.resolvingSymlinksInPath().path
        for place in [
            "at \(looked)/bin/\(Self.library)", "at \(looked)/lib/\(Self.library)", "on the system's library path",
        ] {
            #expect(outcome.error.contains(place), "\(outcome.error)")
        }
        #expect(outcome.error.contains("reinstall sluice keeping lib/\(Self.library) beside the bin/ folder"))
        #expect(outcome.error.contains("apt-get install libcurl4"), "\(outcome.error)")
        #expect(outcome.error.contains("run 'swift build --product SluiceHTTPClient' once"), "\(outcome.error)")

        let runs = try Self.run(sluice, ["runs", "--json"], in: project)
        let id = try #require(try JSONValue(parsing: runs.output).arrayValue?.first?["id"]?.stringValue)
        let shown = try JSONValue(parsing: try Self.run(sluice, ["show", id, "--json"], in: project).output)
        let step = try #require(shown["steps"]?[0])
        #expect(step["error"]?["code"] == "provider-http-library-missing", "\(step)")
        #expect(step["attempts"]?.arrayValue?.count == 1, "\(step)")
        #expect(
            shown["notes"]?.arrayValue?.contains { $0["kind"] == "retry-scheduled" || $0["kind"] == "fell-back" }
                != true)
    }
}
