import SluiceCore
import SluiceEngine
import SluiceStore
import Testing

/// `sluice diff`'s comparison of two recorded runs of the fixture `greeting` pipeline.
@Suite(.timeLimit(.minutes(2)))
struct RunComparisonTests {
    static func greeting(_ names: [String]) async throws -> RunTranscript {
        try await HTMLRunReportTests.record("greeting", inputs: ["names": .array(names.map(JSONValue.string))])
    }

    @Test func itemsAreComparedByIndexAndTheRestAreSummarised() async throws {
        let old = try await Self.greeting(["Ada", "Grace", "Lin", "Kay"])
        let new = try await Self.greeting(["Ada", "Gracie", "Lyn", "Kai", "Bo"])
        let comparison = RunComparison(old: old, new: new)
        let greet = try #require(comparison.steps.first { $0.name == "greet" })
        #expect(greet.comparedItems == 4)
        #expect(greet.changedItems.map(\.index) == [1, 2, 3])
        #expect(greet.itemCount.old == 4 && greet.itemCount.new == 5)
        #expect(greet.changedItems.first?.prompt.diff.unified().contains("-Greet Grace.\n+Greet Gracie.") == true)
        #expect(comparison.hasChanges)

        let text = comparison.renderText(maximumItemDiffs: 1)
        #expect(text.contains("items    4 → 5; 3 of 4 compared changed"))
        #expect(text.contains("item 1 prompt changed:"))
        #expect(!text.contains("item 2 prompt changed:"))
        #expect(text.contains("2 more changed items: 2, 3"))
        #expect(!text.contains("\u{1B}["))
        let coloured = comparison.renderText(usesColor: true, maximumItemDiffs: 1)
        #expect(coloured.contains("\u{1B}[31m    -Greet Grace.\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32m    +Greet Gracie.\u{1B}[0m"))
    }

    @Test func aRunComparedWithItselfHasNoChanges() async throws {
        let run = try await Self.greeting(["Ada"])
        let comparison = RunComparison(old: run, new: run)
        #expect(!comparison.hasChanges)
        #expect(comparison.renderText().hasSuffix("no differences (timing aside)\n"))
        #expect(comparison.jsonValue.objectValue?["has_changes"] == .bool(false))
    }
}
