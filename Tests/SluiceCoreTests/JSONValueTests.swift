import SluiceCore
import Testing

@Suite struct JSONValueTests {
    @Test func parsingKeepsKeyOrderAndNumberKinds() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": 1.0, "c": [true, null, "x"]}"#)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value["b"] == .integer(1))
        if case .double(let number) = value["a"] {
            #expect(number == 1.0)
        } else {
            Issue.record("1.0 should parse as a double")
        }
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == .integer(3))
    }

    @Test func equalityIgnoresKeyOrderAndComparesNumbersByValue() throws {
        let left = try JSONValue(parsing: #"{"x": 1, "y": [1.0, 2]}"#)
        let right = try JSONValue(parsing: #"{"y": [1, 2.0], "x": 1.0}"#)
        #expect(left == right)
        #expect(left.hashValue == right.hashValue)
        #expect(JSONValue.integer(1) != .double(1.5))
        #expect(JSONValue.string("1") != .integer(1))
    }

    @Test func stringEscapesAndSurrogatePairsDecode() throws {
        let value = try JSONValue(parsing: #""a\n\"\u00e9\ud83d\ude00\/""#)
        #expect(value == .string("a\n\"é😀/"))
    }

    @Test(arguments: [
        ("{\"a\": }", 1, 7),
        ("[1, 2,\n 3,]", 2, 4),
        ("01", 1, 2),
        ("\"abc", 1, 5),
        ("{\"a\" 1}", 1, 6),
        ("[1] x", 1, 5),
        ("tru", 1, 1),
        ("[1,\n  nul]", 2, 3),
    ])
    func malformedTextReportsLineAndColumn(text: String, line: Int, column: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func largeIntegersBecomeDoubles() throws {
        let value = try JSONValue(parsing: "123456789012345678901234567890")
        #expect(value.typeName == "integer")
        #expect(value.doubleValue == 1.2345678901234568e29)
    }
}

@Suite struct JSONFormattingTests {
    @Test func compactKeepsInsertionOrder() throws {
        let value = try JSONValue(parsing: #"{"b": [1, 2.5], "a": "é"}"#)
        #expect(value.formatted() == #"{"b":[1,2.5],"a":"é"}"#)
    }

    @Test func prettyIndentsTwoSpaces() throws {
        let value = try JSONValue(parsing: #"{"a": [1, {}], "b": []}"#)
        #expect(value.formatted(.pretty) == "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}")
    }

    @Test func canonicalFormFollowsRFC8785() throws {
        // Key sorting by UTF-16 code units and ECMAScript numbers, per RFC 8785 §3.2.
        let value = try JSONValue(parsing: #"{"\u20ac": 1, "\r": 2, "1": 3.0, "b": 1e21, "a": 1E-7, "c": 0.5}"#)
        #expect(value.canonicalText == "{\"\\r\":2,\"1\":3,\"a\":1e-7,\"b\":1e+21,\"c\":0.5,\"€\":1}")
    }

    @Test func canonicalFormIsIndependentOfKeyOrder() throws {
        let left = try JSONValue(parsing: #"{"x": {"q": 1, "p": 2}, "y": 3}"#)
        let right = try JSONValue(parsing: #"{"y": 3, "x": {"p": 2, "q": 1}}"#)
        #expect(left.canonicalText == right.canonicalText)
    }

    @Test(arguments: [
        (1.0, "1", "1.0"),
        (0.1, "0.1", "0.1"),
        (1e21, "1e+21", "1e+21"),
        (1e16, "10000000000000000", "1e+16"),
        (1e15, "1000000000000000", "1000000000000000.0"),
        (0.0001, "0.0001", "0.0001"),
        (0.00001, "0.00001", "1e-05"),
        (1e-7, "1e-7", "1e-07"),
        (-2.5, "-2.5", "-2.5"),
        (123456789.125, "123456789.125", "123456789.125"),
        (Double.leastNonzeroMagnitude, "5e-324", "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157e+308"),
    ])
    func numbersPrintLikeECMAScriptAndPython(value: Double, ecmaScript: String, python: String) {
        #expect(value.ecmaScriptDescription == ecmaScript)
        #expect(value.pythonDescription == python)
    }

    @Test func pythonStyleEscapesNonASCIIAndUsesSpacedSeparators() throws {
        let value = try JSONValue(parsing: #"{"k": ["é", 1.0, "\u0001😀"]}"#)
        #expect(value.formatted(.python) == #"{"k": ["\u00e9", 1.0, "\u0001\ud83d\ude00"]}"#)
    }

    @Test func escapesAroundGraphemesThatSpanAnEscapedCharacter() throws {
        // "\r\n" is one Character and a quote followed by U+0301 another: the text copied between
        // escapes must still be cut at the escaped scalar, not at a Character boundary.
        let value = JSONValue.string("a\r\nb\"\u{301}c\\\u{7F}\u{1}é😀")
        #expect(value.formatted() == "\"a\\r\\nb\\\"\u{301}c\\\\\u{7F}\\u0001é😀\"")
        #expect(value.formatted(.python) == #""a\r\nb\"\u0301c\\\u007f\u0001\u00e9\ud83d\ude00""#)
        #expect(try JSONValue(parsing: value.formatted()) == value)
    }

    @Test func aLongStringIsWrittenWhole() throws {
        let text = String(repeating: "0123456789", count: 100_000) + "\"" + String(repeating: "é", count: 10)
        let written = JSONValue.string(text).formatted()
        #expect(written.utf8.count == text.utf8.count + 3)
        #expect(try JSONValue(parsing: written) == .string(text))
    }

    @Test func roundTripThroughCompactText() throws {
        let original = try JSONValue(parsing: #"{"s": "line\nbreak \"q\" \\ \u0007", "n": [-0.5, 3, 1e300]}"#)
        #expect(try JSONValue(parsing: original.formatted()) == original)
    }
}
