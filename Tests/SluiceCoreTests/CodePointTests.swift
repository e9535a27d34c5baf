import SluiceCore
import Testing

/// Strings that differ only in Unicode composition (`"\u{E9}"` against `"e\u{301}"`) are different
/// JSON strings and different object keys, although Swift's `String` `==` calls them equal.
@Suite struct CodePointTests {
    private let precomposed = "\u{E9}"
    private let decomposed = "e\u{301}"

    private func scalars(_ keys: [String]) -> [[UInt32]] {
        keys.map { $0.unicodeScalars.map(\.value) }
    }

    @Test func objectKeepsBothKeysThroughARoundTrip() throws {
        let text = #"{"\u00e9": 1, "e\u0301": 2}"#
        let value = try JSONValue(parsing: text, strict: true)
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(scalars(object.keys) == [[0xE9], [0x65, 0x301]])
        #expect(object[precomposed] == .integer(1))
        #expect(object[decomposed] == .integer(2))
        for formatting in [JSONFormatting.compact, .pretty] {
            let reparsed = try JSONValue(parsing: value.formatted(formatting), strict: true)
            #expect(reparsed == value)
            #expect(scalars(reparsed.objectValue?.keys ?? []) == scalars(object.keys))
            #expect(reparsed[decomposed] == .integer(2))
        }
        // Canonical text sorts keys by UTF-16 code units: "e" (U+0065) comes before U+00E9.
        #expect(value.canonicalText.hasSameCodePoints(as: "{\"e\u{301}\":2,\"\u{E9}\":1}"))
        #expect(try JSONValue(parsing: value.canonicalText, strict: true) == value)
    }

    @Test func strictParsingStillRefusesTheSameKeyTwice() {
        #expect(throws: JSONParseError.self) {
            try JSONValue(parsing: #"{"e\u0301": 1, "e\u0301": 2}"#, strict: true)
        }
    }

    @Test func stringsCompareAndHashByCodePoints() {
        let left = JSONValue.string(precomposed)
        let right = JSONValue.string(decomposed)
        #expect(left != right)
        #expect(Set([left, right, .string(precomposed)]).count == 2)
        #expect(JSONValue.array([left]) != .array([right]))
        #expect(JSONValue.object([precomposed: 1]) != .object([decomposed: 1]))
        #expect(Set([JSONValue.object([precomposed: 1]), .object([decomposed: 1])]).count == 2)
        // Equal values hash alike, whatever the key order or number kind.
        let a: JSONValue = ["x": 1, decomposed: [true]]
        let b: JSONValue = [decomposed: [true], "x": 1.0]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func settingAndRemovingOneKeyLeavesTheOther() {
        var object: JSONObject = [precomposed: 1]
        object[decomposed] = 2
        object["z"] = 3
        #expect(object.count == 3)
        #expect(object.removeValue(forKey: precomposed) == .integer(1))
        #expect(scalars(object.keys) == [[0x65, 0x301], [0x7A]])
        #expect(object[decomposed] == .integer(2))
        #expect(object["z"] == .integer(3))
        object[decomposed] = 4
        #expect(object.values == [4, 3])
    }

    @Test func codePointKeysAreDistinctDictionaryKeys() {
        var counts: [CodePointKey: Int] = [:]
        for text in [precomposed, decomposed, "\u{212B}", "\u{C5}", precomposed] {
            counts[CodePointKey(text), default: 0] += 1
        }
        #expect(counts.count == 4)
        #expect(counts[CodePointKey(precomposed)] == 2)
        #expect(precomposed.hasSameCodePoints(as: "\u{E9}"))
        #expect(!precomposed.hasSameCodePoints(as: decomposed))
    }
}
