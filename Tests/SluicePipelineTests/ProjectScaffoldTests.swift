import Foundation
import SluiceCore
import SluicePipeline
import Testing

@Suite struct ProjectScaffoldTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-init-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func initWritesAProjectThatValidatesCleanly() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try ProjectScaffold.write(into: directory)
        #expect(written.contains("pipelines/hello.yaml"))
        var loader = ProjectLoader(project: Project(root: directory))
        let report = loader.validate(names: [])
        #expect(report.pipelines == ["hello"])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.headline))")
        let kinds = loader.loadPipeline(named: "hello").plan?.steps.map(\.definition.kind) ?? []
        #expect(Set(kinds) == [.model, .template, .run])
        let gitignore = try String(contentsOfFile: directory + "/.gitignore", encoding: .utf8)
        #expect(gitignore.contains(".sluice/") && gitignore.contains(".env"))
    }

    @Test func initRefusesToOverwriteAndWritesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "mine\n".write(toFile: directory + "/sluice.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: DiagnosticError.self) { try ProjectScaffold.write(into: directory) }
        #expect(error?.diagnostics.map(\.code) == [.wouldOverwrite])
        #expect(!FileManager.default.fileExists(atPath: directory + "/pipelines/hello.yaml"))
        #expect(try String(contentsOfFile: directory + "/sluice.yaml", encoding: .utf8) == "mine\n")
    }

    @Test func projectIsFoundByWalkingUp() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(
            atPath: directory + "/pipelines/deep/er", withIntermediateDirectories: true)
        let found = try Project.locate(explicitRoot: nil, workingDirectory: directory + "/pipelines/deep/er")
        #expect(found.root == URL(fileURLWithPath: directory).standardizedFileURL.path)
        let explicit = try Project.locate(explicitRoot: directory, workingDirectory: "/")
        #expect(explicit.root == found.root)
        #expect(throws: DiagnosticError.self) {
            try Project.locate(explicitRoot: directory + "/missing", workingDirectory: "/")
        }
    }
}
