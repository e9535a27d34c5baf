import Foundation
import SluiceCore
import Testing

@Suite struct LineDiffTests {
    @Test func equalTextsHaveNoChangesAndAnEmptyDiff() {
        let diff = LineDiff(old: "a\nb\n", new: "a\nb\n")
        #expect(!diff.hasChanges)
        #expect(diff.unified().isEmpty)
    }

    @Test func aChangedLineIsShownWithItsContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let diff = LineDiff(old: old, new: new)
        #expect(diff.counts == (removed: 1, added: 1))
        #expect(
            diff.unified() == """
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8

                """)
    }

    @Test func distantChangesGetTheirOwnHunksAndNearOnesShareOne() {
        let old = (1...30).map { "l\($0)" }.joined(separator: "\n")
        var lines = (1...30).map { "l\($0)" }
        lines[1] = "changed 2"
        lines[4] = "changed 5"
        lines[25] = "changed 26"
        let unified = LineDiff(old: old, new: lines.joined(separator: "\n")).unified(context: 1)
        #expect(unified.components(separatedBy: "@@ -").count - 1 == 2)
        #expect(unified.hasPrefix("@@ -1,6 +1,6 @@\n l1\n-l2\n+changed 2\n l3\n l4\n-l5\n+changed 5\n l6\n"))
        #expect(unified.hasSuffix("@@ -25,3 +25,3 @@\n l25\n-l26\n+changed 26\n l27\n"))
    }

    @Test func insertionsAndDeletionsAreAlignedByTheLongestCommonSubsequence() {
        let diff = LineDiff(old: "a\nb\nc\nd", new: "a\nx\nb\nd\ne")
        #expect(diff.lines == [.same("a"), .added("x"), .same("b"), .removed("c"), .same("d"), .added("e")])
    }

    @Test func textFromNothingIsAllAddedAndHunkHeadersCountFromZero() {
        let diff = LineDiff(old: "", new: "one\ntwo\n")
        #expect(diff.unified() == "@@ -0,0 +1,2 @@\n+one\n+two\n")
        #expect(LineDiff(old: "gone\n", new: "").unified() == "@@ -1,1 +0,0 @@\n-gone\n")
    }

    @Test func aMiddleTooLargeToAlignIsReplacedWhole() {
        let side = Int(Double(LineDiff.maximumAlignedCells).squareRoot()) + 10
        let old = (0..<side).map { "old \($0)" }.joined(separator: "\n")
        let new = (0..<side).map { "new \($0)" }.joined(separator: "\n")
        let diff = LineDiff(old: "same\n" + old + "\nend", new: "same\n" + new + "\nend")
        #expect(diff.counts == (removed: side, added: side))
        #expect(diff.lines.first == .same("same"))
        #expect(diff.lines.last == .same("end"))
    }
}
