import Foundation
import SluiceCore
import SluiceTemplates
import Testing

@Suite struct TemplateFileRendererTests {
    private final class Folder {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-render-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: url.appendingPathComponent("templates/triage"), withIntermediateDirectories: true)
        }

        func write(_ path: String, _ text: String) throws {
            try text.write(to: url.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    @Test func rendersWithIncludesFromTheEnclosingTemplatesDirectory() throws {
        let folder = try Folder()
        try folder.write("templates/triage/classify.md", "{% include 'tone.md' %}: {{ ticket.body }}\n")
        try folder.write("templates/tone.md", "Be {{ tone | default('kind') }}")
        try folder.write("context.json", #"{"ticket": {"body": "Help"}}"#)
        let renderer = TemplateFileRenderer(currentDirectory: folder.url.path)
        let output = try renderer.render(templatePath: "templates/triage/classify.md", context: .file("context.json"))
        #expect(output == "Be kind: Help\n")
    }

    @Test func theNamedFileIsFollowedButIncludesObeyThePathRule() throws {
        let folder = try Folder()
        let outside = try Folder()
        try outside.write("secret.md", "top secret")
        try outside.write("draft.md", "Draft for {{ name }}")
        // The file typed on the command line is the user's choice, even through a link.
        try FileManager.default.createSymbolicLink(
            at: folder.url.appendingPathComponent("templates/draft.md"),
            withDestinationURL: outside.url.appendingPathComponent("draft.md"))
        try folder.write("context.json", #"{"name": "Ada"}"#)
        let renderer = TemplateFileRenderer(currentDirectory: folder.url.path)
        #expect(
            try renderer.render(templatePath: "templates/draft.md", context: .file("context.json")) == "Draft for Ada")
        // An include inside a template is not: a link out of templates/ is refused.
        try FileManager.default.createSymbolicLink(
            at: folder.url.appendingPathComponent("templates/secret.md"),
            withDestinationURL: outside.url.appendingPathComponent("secret.md"))
        try folder.write("templates/main.md", "{% include 'secret.md' %}")
        let error = #expect(throws: DiagnosticError.self) {
            try renderer.render(templatePath: "templates/main.md", context: .empty)
        }
        #expect(error?.diagnostics.first?.code == .templateIncludeOutsideRoot, "\(String(describing: error))")
        #expect(error?.diagnostics.first?.location?.file == "templates/main.md")
    }

    @Test func includedFilesAreNamedRelativeToTheCurrentDirectory() throws {
        let folder = try Folder()
        try folder.write("templates/main.md", "{% include 'part.md' %}")
        try folder.write("templates/part.md", "line\n{{ missing }}")
        let renderer = TemplateFileRenderer(currentDirectory: folder.url.path)
        let error = #expect(throws: DiagnosticError.self) {
            try renderer.render(templatePath: "templates/main.md", context: .empty)
        }
        let location = try #require(error?.diagnostics.first?.location)
        #expect(location == SourceLocation(file: "templates/part.md", line: 2, column: 4))
        #expect(renderer.sourceText(of: location.file) == "line\n{{ missing }}")
    }

    @Test func invalidContextJSONIsLocated() throws {
        let folder = try Folder()
        try folder.write("t.md", "{{ a }}")
        let renderer = TemplateFileRenderer(currentDirectory: folder.url.path)
        let error = #expect(throws: DiagnosticError.self) {
            try renderer.render(templatePath: "t.md", context: .text("{\n  \"a\": 1,\n}", name: "<stdin>"))
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == .templateContextInvalid)
        #expect(diagnostic.location?.file == "<stdin>")
        #expect(diagnostic.location?.line == 3)
    }

    @Test func contextMustBeAnObject() throws {
        let folder = try Folder()
        try folder.write("t.md", "x")
        let renderer = TemplateFileRenderer(currentDirectory: folder.url.path)
        let error = #expect(throws: DiagnosticError.self) {
            try renderer.render(templatePath: "t.md", context: .text("[1, 2]", name: "<stdin>"))
        }
        #expect(error?.diagnostics.first?.code == .templateContextInvalid)
        #expect(error?.diagnostics.first?.message.contains("not array") == true)
    }

    @Test func missingFilesAreDiagnostics() throws {
        let folder = try Folder()
        let renderer = TemplateFileRenderer(currentDirectory: folder.url.path)
        let template = #expect(throws: DiagnosticError.self) {
            try renderer.render(templatePath: "nope.md", context: .empty)
        }
        #expect(template?.diagnostics.first?.code == .templateFileUnreadable)
        try folder.write("t.md", "x")
        let context = #expect(throws: DiagnosticError.self) {
            try renderer.render(templatePath: "t.md", context: .file("missing.json"))
        }
        #expect(context?.diagnostics.first?.code == .templateContextInvalid)
    }
}
