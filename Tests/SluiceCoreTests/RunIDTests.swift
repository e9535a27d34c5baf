import Foundation
import SluiceCore
import Testing

@Suite("Run ids")
struct RunIDTests {
    @Test("ids are 10 lowercase base32 characters and sort by creation time")
    func shapeAndOrder() throws {
        let early = RunID.generate(at: Date(timeIntervalSince1970: 1_700_000_000))
        let late = RunID.generate(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(early.rawValue.count == 10)
        #expect(early.rawValue.allSatisfy { "0123456789abcdefghjkmnpqrstvwxyz".contains($0) })
        #expect(early < late)
    }

    @Test("ids made by one process in the same second keep their creation order and never repeat")
    func sameSecondOrder() {
        let moment = Date(timeIntervalSince1970: 1_750_000_000)
        let ids = (0..<200).map { _ in RunID.generate(at: moment) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test("ids for one second keep their order while ids for other seconds are made in between")
    func interleavedSecondsKeepOrder() {
        let moment = Date(timeIntervalSince1970: 1_760_000_000)
        let other = Date(timeIntervalSince1970: 1_860_000_000)
        let ids = (0..<100).map { _ in
            _ = RunID.generate(at: other)
            return RunID.generate(at: moment)
        }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test("typed ids ignore case and read the letters i, l and o as digits")
    func parsingIsForgiving() throws {
        let id = try #require(RunID("01abcdefgh"))
        #expect(RunID("O1ABCDEFGH") == id)
        #expect(RunID("0iabcdefgh") == id)
        #expect(RunID("0labcdefgh") == id)
        #expect(RunID("01abcdefg") == nil)
        #expect(RunID("01abcdefg!") == nil)
        #expect(RunID("01abcdefgu") == nil)
    }
}
