import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// A secret a run step prints never reaches the terminal, stdout or the store in clear: the
/// run's one redactor knows the keys it loaded (`.env` included) and every environment variable
/// named like a secret.
@Suite(.timeLimit(.minutes(5)))
struct RedactionTests {
    static let token = "tok-7f3a9c2e5b1d4e8f"
    static let dotEnvSecret = "plain-dotenv-credential-42"

    /// A project whose pipelines print the secrets, on stdout (an output) and on stderr (a failure).
    static func project() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-redact-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        let config = """
            providers:
              acme: { kind: openai, base_url: "http://127.0.0.1:9/v1", api_key_env: ACME_CREDENTIAL }
            models:
              fast: local/default
            """
        try config.write(to: folder.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        try "ACME_CREDENTIAL=\(dotEnvSecret)\n".write(
            to: folder.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let printing = """
            steps:
              leak:
                run: [sh, -c, 'echo "token $ACME_SERVICE_TOKEN"; cat .env']
            outputs:
              printed: steps.leak.output
            """
        try printing.write(
            to: folder.appendingPathComponent("pipelines/printing.yaml"), atomically: true, encoding: .utf8)
        let failing = """
            steps:
              leak:
                run: [sh, -c, 'echo "token $ACME_SERVICE_TOKEN" >&2; cat .env >&2; exit 3']
            """
        try failing.write(
            to: folder.appendingPathComponent("pipelines/failing.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    static func run(_ arguments: [String], in project: URL) throws -> SluiceBinary.Outcome {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        return try SluiceBinary.run(arguments, in: project, environment: ["ACME_SERVICE_TOKEN": token])
    }

    @Test func aSecretAStepWritesToStderrIsRedactedOnTheTerminal() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try Self.run(["run", "failing"], in: project)
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("token [REDACTED]"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("ACME_CREDENTIAL=[REDACTED]"))
        #expect(!outcome.standardError.contains(Self.token))
        #expect(!outcome.standardError.contains(Self.dotEnvSecret))
    }

    @Test func aSecretInAnOutputIsRedactedOnStdoutAndInTheStore() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let outcome = try Self.run(["run", "printing"], in: project)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("token [REDACTED]"), "\(outcome.standardOutput)")
        #expect(!outcome.standardOutput.contains(Self.token))
        #expect(!outcome.standardOutput.contains(Self.dotEnvSecret))
        let json = try Self.run(["run", "printing", "--json"], in: project)
        #expect(!json.standardOutput.contains(Self.token))
        let database = try Data(contentsOf: project.appendingPathComponent(".sluice/sluice.db"))
        #expect(database.range(of: Data(Self.token.utf8)) == nil)
        #expect(database.range(of: Data(Self.dotEnvSecret.utf8)) == nil)
    }

    @Test func secretsAreNamedByTheirVariable() {
        let redactor = SecretRedactor(
            loadedSecrets: ["from-dot-env-123"],
            environment: [
                "GITHUB_TOKEN": "ghp-value-000111", "DB_PASSWORD": "hunter2hunter2", "CLIENT_SECRET": "s3cr3t-value",
                "my_api_key": "lower-case-key-1", "HOME": "/home/someone/dir", "KEYBOARD": "us-international",
            ])
        let text =
            "ghp-value-000111 hunter2hunter2 s3cr3t-value lower-case-key-1 from-dot-env-123 /home/someone/dir us-international"
        #expect(
            redactor.redact(text: text)
                == "[REDACTED] [REDACTED] [REDACTED] [REDACTED] [REDACTED] /home/someone/dir us-international")
    }
}

/// Numbers that arrive at run time and size what a template builds fail the step with a located
/// diagnostic; the run ends `failed`, never killed by a trap.
@Suite(.timeLimit(.minutes(5)))
struct RunTimeOverflowTests {
    @Test(arguments: ["9223372036854775807", "1000000000"])
    func aHugeWidthFromAnInputFailsTheStepAtTheTemplate(width: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-overflow-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try "models:\n  fast: local/default\n".write(
            to: folder.appendingPathComponent("sluice.yaml"), atomically: true, encoding: .utf8)
        let pipeline = """
            inputs:
              w: { type: integer }
            steps:
              shape:
                template: "{{ 'a\\\\nb' | indent(inputs.w) }}"
            """
        try pipeline.write(
            to: folder.appendingPathComponent("pipelines/shape.yaml"), atomically: true, encoding: .utf8)
        try #require(SluiceBinary.isBuilt, "build sluice first")
        let outcome = try SluiceBinary.run(["run", "shape", "-i", "w=\(width)", "--json"], in: folder)
        #expect(outcome.status == 1, "\(outcome.standardError)")
        let json = try JSONValue(parsing: outcome.standardOutput)
        #expect(json.objectValue?["status"] == "failed")
        let error = json.objectValue?["error"]?.objectValue
        #expect(error?["code"] == "template-render-limit")
        #expect(error?["file"] == "pipelines/shape.yaml")
        #expect(error?["line"] == 5)
    }
}
