import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// One path rule for every file a pipeline names: symbolic links are resolved and must stay inside
/// the project, so a linked file is never read (or sent to a provider) from outside it.
@Suite struct PathRuleTests {
    /// A project in a fresh folder, with a secret file beside it (outside the project).
    struct Scratch {
        let folder: URL
        var project: URL { folder.appendingPathComponent("project") }
        var secret: URL { folder.appendingPathComponent("outside/secret.md") }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-paths-\(UUID())")
            for directory in ["project/pipelines", "project/templates", "project/schemas", "outside"] {
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent(directory), withIntermediateDirectories: true)
            }
            try write("models:\n  fast: local/default\n", to: "project/sluice.yaml")
            try write("the outside secret\n", to: "outside/secret.md")
            try write(#"{"type": "object"}"#, to: "outside/schema.json")
            try write("inside {{ inputs.name }}\n", to: "project/shared.md")
        }

        func write(_ text: String, to path: String) throws {
            try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }

        func link(_ path: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent(path).path, withDestinationPath: target)
        }

        func validate(_ pipeline: String) throws -> SluiceBinary.Outcome {
            try SluiceBinary.run(["validate", "--project", project.path, pipeline], in: project)
        }
    }

    @Test func aTemplateLinkedOutsideTheProjectIsRefused() throws {
        let scratch = try Scratch()
        try scratch.link("project/templates/link.md", to: scratch.secret.path)
        try scratch.write("steps:\n  a:\n    model: fast\n    prompt: link.md\n", to: "project/pipelines/p.yaml")
        let outcome = try scratch.validate("p")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("pipelines/p.yaml:4:13: error: templates/link.md is a symbolic link"))
        #expect(outcome.standardError.contains("outside the project [path-outside-project]"))
        #expect(!outcome.standardError.contains("the outside secret"))
    }

    @Test func aTemplateInALinkedFolderOutsideTheProjectIsRefused() throws {
        let scratch = try Scratch()
        try scratch.link("project/templates/linked", to: scratch.folder.appendingPathComponent("outside").path)
        try scratch.write(
            "steps:\n  a:\n    model: fast\n    template: linked/secret.md\n", to: "project/pipelines/p.yaml")
        let outcome = try scratch.validate("p")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("[path-outside-project]"))
    }

    @Test func aSchemaLinkedOutsideTheProjectIsRefused() throws {
        let scratch = try Scratch()
        try scratch.link(
            "project/schemas/link.json", to: scratch.folder.appendingPathComponent("outside/schema.json").path)
        try scratch.write(
            "steps:\n  a:\n    model: fast\n    prompt: Say hi\n    output: { schema: schemas/link.json }\n",
            to: "project/pipelines/p.yaml")
        let outcome = try scratch.validate("p")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("schemas/link.json is a symbolic link"))
    }

    @Test func aLinkThatStaysInsideTheProjectIsFollowed() throws {
        let scratch = try Scratch()
        try scratch.link("project/templates/shared.md", to: "../shared.md")
        try scratch.write(
            "inputs:\n  name: { type: string }\nsteps:\n  a:\n    model: fast\n    prompt: shared.md\n",
            to: "project/pipelines/p.yaml")
        let outcome = try scratch.validate("p")
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }

    @Test(arguments: ["/etc/hostname", "~/notes/today"])
    func anAbsolutePathAsAPromptIsAnError(path: String) throws {
        let scratch = try Scratch()
        try scratch.write("steps:\n  a:\n    model: fast\n    prompt: \(path)\n", to: "project/pipelines/p.yaml")
        let outcome = try scratch.validate("p")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("pipelines/p.yaml:4:13: error: '\(path)' looks like a path outside"))
        #expect(outcome.standardError.contains("templates live under templates/"))
    }

    @Test func aSlashCommandPromptIsText() throws {
        let scratch = try Scratch()
        try scratch.write("steps:\n  a:\n    model: fast\n    prompt: /summarize\n", to: "project/pipelines/p.yaml")
        let outcome = try scratch.validate("p")
        #expect(!outcome.standardError.contains("looks like a path outside"))
    }
}
