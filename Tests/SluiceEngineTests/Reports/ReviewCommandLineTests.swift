import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// `sluice report` and `sluice diff` run as a user runs them, on a copy of this repository's
/// examples on `local`: two runs of `summarise`, the second after a prompt change.
@Suite(.timeLimit(.minutes(5)))
struct ReviewCommandLineTests {
    typealias CLI = CommandLineRunTests

    /// The example project with two recorded runs of `summarise`: before and after the brief's
    /// prompt asked for three bullet points instead of five. `--no-cache` makes both runs call
    /// the model, so the unchanged step compares two real calls rather than a call and a cache hit.
    static func twoRunsWithAPromptChange() throws -> (project: URL, before: String, after: String) {
        let project = try CLI.temporaryProject(examples: true)
        let before = try CLI.run(["run", "summarise", "--json", "--quiet"], in: project)
        #expect(before.status == 0, "\(before.standardError)")
        let template = project.appendingPathComponent("templates/summarise/brief.md")
        let text = try String(contentsOf: template, encoding: .utf8)
        try text.replacingOccurrences(of: "at most five bullet points", with: "at most three bullet points")
            .write(to: template, atomically: true, encoding: .utf8)
        let after = try CLI.run(["run", "summarise", "--json", "--quiet", "--no-cache"], in: project)
        #expect(after.status == 0, "\(after.standardError)")
        return (project, try CLI.runID(from: before), try CLI.runID(from: after))
    }

    /// `text` with run ids, timestamps and durations masked; a duration's delta may go either way.
    static func masked(_ text: String, _ ids: String...) -> String {
        ids.enumerated().reduce(text) { text, entry in
            ShowOutputMask.mask(text, runID: entry.element)
                .replacingOccurrences(of: "<run>", with: "<run \(entry.offset + 1)>")
                .replacingOccurrences(of: "(+<duration>)", with: "(±<duration>)")
                .replacingOccurrences(of: "(-<duration>)", with: "(±<duration>)")
        }
    }

    @Test func diffShowsThePromptChangeAndWhatItDidToTheOutput() throws {
        let (project, before, after) = try Self.twoRunsWithAPromptChange()
        defer { try? FileManager.default.removeItem(at: project) }
        let diff = try CLI.run(["diff", before, after], in: project)
        #expect(diff.status == 0, "\(diff.standardError)")
        #expect(!diff.standardOutput.contains("\u{1B}["), "no colour off a terminal")
        try CLI.fixtures.expectGolden(
            Self.masked(diff.standardOutput, before, after), matches: "golden/diff-summarise.txt")

        let json = try JSONValue(parsing: CLI.run(["diff", before, after, "--json"], in: project).standardOutput)
        #expect(json.objectValue?["has_changes"] == .bool(true))
        let stepValues = try #require(json.objectValue?["steps"]?.arrayValue)
        let steps = stepValues.compactMap(\.objectValue)
        #expect(steps.compactMap { $0["name"]?.stringValue } == ["extract", "brief"])
        let extract = try #require(steps.first)
        #expect(extract["has_changes"] == .bool(false))
        #expect(extract["items_compared"] == .integer(2))
        let brief = try #require(steps.last)
        #expect(brief["prompt"]?.objectValue?["changed"] == .bool(true))
        #expect(
            brief["prompt"]?.objectValue?["diff"]?.stringValue?.contains(
                "+Write a brief of at most three bullet points") == true)
        #expect(brief["output"]?.objectValue?["changed"] == .bool(true))
        #expect(brief["input_tokens"]?.objectValue?["delta"] == .integer(0))
        #expect(brief["models"]?.objectValue?["b"] == .array(["local/default"]))

        let withExitCode = try CLI.run(["diff", before, after, "--exit-code"], in: project)
        #expect(withExitCode.status == 1)
        let same = try CLI.run(["diff", after, after, "--exit-code"], in: project)
        #expect(same.status == 0)
        #expect(same.standardOutput.hasSuffix("no differences (timing aside)\n"))
        let missing = try CLI.run(["diff", before, "zzzzzzzz"], in: project)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("[run-not-found]"))
    }

    @Test func diffListsStepsOnlyOneRunHas() throws {
        let project = try CLI.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let greeting = try CLI.runID(from: CLI.run(["run", "greeting", "--json"], in: project))
        let conditions = try CLI.runID(from: CLI.run(["run", "conditions", "--json"], in: project))
        let json = try JSONValue(
            parsing: CLI.run(["diff", greeting, conditions, "--json"], in: project).standardOutput)
        #expect(json.objectValue?["only_in_a"] == .array(["greet", "count"]))
        #expect(json.objectValue?["only_in_b"]?.arrayValue?.isEmpty == false)
        let text = try CLI.run(["diff", greeting, conditions], in: project).standardOutput
        #expect(text.contains("step greet: only in run \(greeting)"))
    }

    @Test func reportWritesTheLatestRunToTheDefaultPathOwnerOnly() throws {
        let (project, _, after) = try Self.twoRunsWithAPromptChange()
        defer { try? FileManager.default.removeItem(at: project) }
        let report = try CLI.run(["report", "--html"], in: project)
        #expect(report.status == 0, "\(report.standardError)")
        let path = project.appendingPathComponent(".sluice/reports/\(after).html").standardizedFileURL.path
        #expect(report.standardOutput == path + "\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let page = try ReportPage(try String(contentsOfFile: path, encoding: .utf8))
        #expect(page.html.contains("at most three bullet points"))
        #expect(page.html.contains("Arrows from pipelines/summarise.yaml as it is now"))
        #expect(page.html.contains("<path class=\"edge\" data-from=\"extract\" data-to=\"brief\""))

        let toStdout = try CLI.run(["report", after.uppercased(), "-o", "-"], in: project)
        #expect(toStdout.status == 0, "\(toStdout.standardError)")
        #expect(toStdout.standardOutput.hasPrefix("<!DOCTYPE html>"))
        let named = try CLI.run(["report", after, "-o", "review/page.html"], in: project)
        #expect(named.status == 0)
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("review/page.html").path))
        let missing = try CLI.run(["report", "zzzzzzzz"], in: project)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("[run-not-found]"))
    }

    @Test func reportWithNoRunsSaysHowToMakeOne() throws {
        let project = try CLI.temporaryProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let report = try CLI.run(["report"], in: project)
        #expect(report.status == 2)
        #expect(report.standardError.contains("no runs yet; start one with 'sluice run NAME'"))
    }
}
