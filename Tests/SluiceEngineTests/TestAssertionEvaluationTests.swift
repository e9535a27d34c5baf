import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceSchema
import Testing

/// Assertions checked against what a run showed, fed as the run's own events with chosen times
/// and costs, so every check's failure (expected against actual) is seen without waiting.
@Suite struct TestAssertionEvaluationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let location = SourceLocation(file: "pipelines/p.yaml", line: 9, column: 9)
    static let runID = RunID.generate(at: start)

    /// A run of two steps: `draft` (0.5 s to 3.5 s, two attempts costing $0.002 and $0.001) and
    /// `tidy` (3.5 s to 4 s), finishing at 5 s with outputs `text` and `list`.
    static var observed: ObservedRun {
        var run = ObservedRun()
        let key = { (number: Int) in AttemptKey(runID: runID, step: "draft", number: number) }
        let events: [RunEvent] = [
            .runStarted(runID: runID, pipeline: "p", inputs: [:], at: start),
            .stepStarted(step: "draft", kind: .model, itemCount: nil, at: start + 0.5),
            .attemptFinished(key(1), AttemptOutcome(status: .failed, costUSD: 0.002)),
            .attemptFinished(key(2), AttemptOutcome(status: .succeeded, costUSD: 0.001)),
            .stepFinished(
                step: "draft",
                outcome: WorkOutcome(status: .succeeded, output: "Ça va: 42 words", finishedAt: start + 3.5)),
            .stepStarted(step: "tidy", kind: .template, itemCount: nil, at: start + 3.5),
            .stepSkipped(step: "tidy", outcome: WorkOutcome(status: .skipped, finishedAt: start + 4)),
            .runFinished(
                RunResult(
                    runID: runID, status: .succeeded,
                    outputs: ["text": "Ça va: 42 words", "list": [["n": 1], ["n": "two"]]], failure: nil,
                    finishedAt: start + 5)),
        ]
        for event in events { run.observe(event) }
        return run
    }

    static func check(
        _ subject: TestAssertion.Subject, path: String? = nil, _ check: TestAssertion.Check
    ) throws -> AssertionFailure? {
        let assertion = TestAssertion(
            subject: subject, path: try path.map { try ValuePath(parsing: $0) }, check: check, location: location)
        return assertion.evaluate(on: observed)
    }

    @Test func costsAddUpPerStepAndPerRun() throws {
        #expect(try Self.check(.run, .costBelow(0.0031)) == nil)
        let run = try #require(try Self.check(.run, .costBelow(0.003)))
        #expect(run.expected == "below $0.0030")
        #expect(run.actual == "$0.0030")
        #expect(run.headline == "pipelines/p.yaml:9:9: cost_below on the run")
        #expect(try Self.check(.step("tidy"), .costBelow(0.0001)) == nil)
        let step = try #require(try Self.check(.step("draft"), .costBelow(0.001)))
        #expect(step.subject == "step 'draft'")
    }

    @Test func latencyIsMeasuredOnTheRunsOwnTimestamps() throws {
        #expect(try Self.check(.run, .latencyBelow(.milliseconds(5001))) == nil)
        let run = try #require(try Self.check(.run, .latencyBelow(.seconds(5))))
        #expect(run.expected == "below 5s")
        #expect(run.actual == "5s")
        let step = try #require(try Self.check(.step("draft"), .latencyBelow(.seconds(2))))
        #expect(step.actual == "3s")
        #expect(try Self.check(.step("tidy"), .latencyBelow(.seconds(1))) == nil)
    }

    @Test func valueChecksShowExpectedAgainstActual() throws {
        #expect(try Self.check(.output("text"), .equals("Ça va: 42 words")) == nil)
        #expect(try Self.check(.output("list"), path: "1.n", .equals("two")) == nil)
        #expect(try Self.check(.output("list"), path: "/0", .equals(["n": 1.0])) == nil)
        let equals = try #require(try Self.check(.output("list"), path: "/1/n", .equals(2)))
        #expect(equals.expected == "2")
        #expect(equals.actual == #""two""#)
        #expect(equals.subject == "output 'list' at /1/n")

        #expect(try Self.check(.step("draft"), .contains("42 words")) == nil)
        #expect(try Self.check(.output("list"), .contains(#"{"n":"two"}"#)) == nil)
        let contains = try #require(try Self.check(.step("draft"), .contains("43")))
        #expect(contains.expected == #"text containing "43""#)

        #expect(try Self.check(.output("text"), .regex(try ECMARegex(#"^Ça va: \d+ words$"#))) == nil)
        let regex = try #require(try Self.check(.output("text"), .regex(try ECMARegex(#"^\d+$"#))))
        #expect(regex.expected == #"text matching /^\d+$/"#)

        let schema = try Schema(["type": "array", "items": ["properties": ["n": ["type": "integer"]]]])
        let output = OutputSchema(schema: schema, path: "schemas/list.json", location: Self.location)
        let invalid = try #require(try Self.check(.output("list"), .schema(output)))
        #expect(invalid.expected == "a value valid against schemas/list.json")
        #expect(invalid.actual.hasPrefix(#"[{"n":1},{"n":"two"}]; "#))
        #expect(invalid.actual.contains("/1/n"))
    }

    @Test func aSkippedStepsOutputIsNullAndAMissingPathSaysWhereItStopped() throws {
        #expect(try Self.check(.step("tidy"), .equals(nil)) == nil)
        let missing = try #require(try Self.check(.output("list"), path: "/0/m/x", .equals(1)))
        #expect(missing.expected == "a value at /0/m/x")
        #expect(missing.actual == #"nothing there; /0 holds {"n":1}"#)
    }

    @Test func longActualValuesAreCut() throws {
        var run = ObservedRun()
        let long = String(repeating: "word ", count: 200)
        run.observe(.runStarted(runID: Self.runID, pipeline: "p", inputs: [:], at: Self.start))
        run.observe(
            .runFinished(
                RunResult(
                    runID: Self.runID, status: .succeeded, outputs: ["text": .string(long)], failure: nil,
                    finishedAt: Self.start)))
        let assertion = TestAssertion(
            subject: .output("text"), path: nil, check: .contains("absent"), location: Self.location)
        let failure = try #require(assertion.evaluate(on: run))
        #expect(failure.actual.hasSuffix("… (1002 characters in all)"))
        #expect(failure.actual.count < 300)
    }
}
