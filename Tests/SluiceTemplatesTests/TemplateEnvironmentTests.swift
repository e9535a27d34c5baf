import Foundation
import SluiceCore
import SluiceTemplates
import Testing

@Suite struct TemplateEnvironmentTests {
    /// A fresh project folder: `templates/` with a few files, and a file outside it.
    private final class Project {
        let directory: URL
        var templates: URL { directory.appendingPathComponent("templates") }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-env-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent("templates/partials"), withIntermediateDirectories: true)
            try write("templates/partials/tone.md", "Use a {{ tone }} tone.")
            try write("templates/self.md", "{% include 'self.md' %}")
            try write("secret.txt", "API_KEY=do-not-include")
        }

        func write(_ path: String, _ text: String) throws {
            try text.write(to: directory.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    private func render(_ text: String, in project: Project, _ context: JSONObject = [:]) throws -> String {
        let environment = TemplateEnvironment(rootDirectory: project.templates.path, displayRoot: "templates")
        return try Template(parsing: text, origin: TemplateOrigin(file: "templates/main.md"))
            .render(context: context, environment: environment)
    }

    private func includeError(_ text: String, in project: Project) -> Diagnostic? {
        let error = #expect(throws: DiagnosticError.self) { try render(text, in: project) }
        return error?.diagnostics.first
    }

    @Test func includesResolveUnderTheRoot() throws {
        let project = try Project()
        #expect(try render("{% include 'partials/tone.md' %}", in: project, ["tone": "warm"]) == "Use a warm tone.")
        #expect(try render("{% include './partials//tone.md' %}", in: project, ["tone": "dry"]) == "Use a dry tone.")
    }

    @Test func parentDirectoryEscapesAreRefused() throws {
        let project = try Project()
        let diagnostic = try #require(includeError("x {% include '../secret.txt' %}", in: project))
        #expect(diagnostic.code == .templateIncludeOutsideRoot)
        #expect(diagnostic.location == SourceLocation(file: "templates/main.md", line: 1, column: 14))
        let nested = try #require(includeError("{% include 'partials/../../secret.txt' %}", in: project))
        #expect(nested.code == .templateIncludeOutsideRoot)
    }

    @Test func absolutePathsAreRefused() throws {
        let project = try Project()
        let path = project.directory.appendingPathComponent("secret.txt").path
        let diagnostic = try #require(includeError("{% include '\(path)' %}", in: project))
        #expect(diagnostic.code == .templateIncludeOutsideRoot)
    }

    @Test func symbolicLinksLeavingTheRootAreRefused() throws {
        let project = try Project()
        try FileManager.default.createSymbolicLink(
            atPath: project.templates.appendingPathComponent("leak.md").path,
            withDestinationPath: project.directory.appendingPathComponent("secret.txt").path)
        let diagnostic = try #require(includeError("{% include 'leak.md' %}", in: project))
        #expect(diagnostic.code == .templateIncludeOutsideRoot)
        #expect(diagnostic.message.contains("symbolic link"))
    }

    @Test func symbolicLinksInsideTheRootAreFollowed() throws {
        let project = try Project()
        try FileManager.default.createSymbolicLink(
            atPath: project.templates.appendingPathComponent("alias.md").path,
            withDestinationPath: project.templates.appendingPathComponent("partials/tone.md").path)
        #expect(try render("{% include 'alias.md' %}", in: project, ["tone": "calm"]) == "Use a calm tone.")
    }

    @Test func missingTemplateSuggestsTheNearestName() throws {
        let project = try Project()
        let diagnostic = try #require(includeError("{% include 'partials/tones.md' %}", in: project))
        #expect(diagnostic.code == .templateIncludeNotFound)
        #expect(diagnostic.hint == "did you mean 'partials/tone.md'?")
        #expect(try render("a{% include 'nope.md' ignore missing %}b", in: project) == "ab")
    }

    @Test func selfInclusionStopsWithADiagnostic() throws {
        let project = try Project()
        let diagnostic = try #require(includeError("{% include 'self.md' %}", in: project))
        #expect(diagnostic.code == .templateIncludeDepth)
    }

    @Test func withoutARootEveryIncludeIsAnError() throws {
        let error = #expect(throws: DiagnosticError.self) {
            try Template(parsing: "{% include 'a.md' %}", origin: TemplateOrigin(file: "t.md")).render(context: [:])
        }
        #expect(error?.diagnostics.first?.code == .templateIncludeNotFound)
    }

    @Test func parsedIncludesAreCachedAndSharedAcrossConcurrentRenders() async throws {
        let project = try Project()
        let environment = TemplateEnvironment(rootDirectory: project.templates.path, displayRoot: "templates")
        let template = try Template(
            parsing: "{% for i in range(3) %}{% include 'partials/tone.md' %}{% endfor %}",
            origin: TemplateOrigin(file: "main.md"))
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<16 {
                group.addTask {
                    try template.render(context: ["tone": .string("t\(index % 2)")], environment: environment)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(
            Set(outputs) == [
                "Use a t0 tone.Use a t0 tone.Use a t0 tone.", "Use a t1 tone.Use a t1 tone.Use a t1 tone.",
            ])
        // The file changes on disk; the environment keeps serving what it parsed.
        try project.write("templates/partials/tone.md", "changed")
        #expect(
            try template.render(context: ["tone": "x"], environment: environment)
                == "Use a x tone.Use a x tone.Use a x tone.")
    }

    @Test func enclosingRootIsTheNearestTemplatesDirectory() throws {
        let project = try Project()
        let nested = project.templates.appendingPathComponent("partials/tone.md").path
        #expect(
            TemplateEnvironment.enclosingRoot(forTemplateFile: nested) == project.templates.standardizedFileURL.path)
        let outside = project.directory.appendingPathComponent("secret.txt").path
        #expect(
            TemplateEnvironment.enclosingRoot(forTemplateFile: outside) == project.directory.standardizedFileURL.path)
    }
}
