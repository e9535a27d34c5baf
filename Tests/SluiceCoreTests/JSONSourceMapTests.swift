import SluiceCore
import Testing

@Suite struct JSONSourceMapTests {
    let text = """
        {
          "name": "x",
          "list": [1, {"a/b": true}],
          "é": {"deep": null}
        }
        """

    @Test func pointersMapToLineAndColumn() {
        let map = JSONSourceMap(text: text)
        #expect(map.position(of: "") == .init(line: 1, column: 1))
        #expect(map.position(of: "/name") == .init(line: 2, column: 11))
        #expect(map.position(of: "/list/1/a~1b") == .init(line: 3, column: 23))
        #expect(map.position(of: "/é/deep") == .init(line: 4, column: 17))
    }

    @Test func unknownPointerFallsBackToNearestAncestor() {
        let map = JSONSourceMap(text: text)
        #expect(map.position(of: "/list/7") == .init(line: 3, column: 11))
    }

    @Test func prefixParsingStopsAfterOneValue() {
        let bytes = Array(#"say {"a": [1]} then more"#.utf8)
        let parsed = JSONValue.parsePrefix(of: bytes, from: 4)
        #expect(parsed?.value == ["a": [1]])
        #expect(parsed?.end == 14)
        #expect(JSONValue.parsePrefix(of: bytes, from: 0) == nil)
    }
}

/// Locating values in a long one-line document takes one pass over the line, not one per value.
@Suite struct JSONSourceMapLongLineTests {
    @Test func columnsOnALongLineCountCharactersBeforeEachValue() {
        // Each element is `"é",` (4 characters, 5 bytes), so element k starts at column 2 + 4k.
        let elements = Array(repeating: #""é""#, count: 5_000)
        let map = JSONSourceMap(text: "[" + elements.joined(separator: ",") + "]")
        for index in [0, 1, 2_500, 4_999] {
            #expect(map.position(of: "/\(index)") == .init(line: 1, column: 2 + 4 * index))
        }
    }

    @Test func aOneMegabyteLineIsIndexedQuickly() {
        // 200,000 integers on one line, about 1.2 MB; the quadratic index took minutes on it.
        let text = "[" + (0..<200_000).map { String($0 % 100_000) }.joined(separator: ",") + "]"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let map = JSONSourceMap(text: text)
            #expect(map.position(of: "/199999")?.column == text.utf8.count - 5)
        }
        // Generous for a debug build on a busy machine; the quadratic index needed over 500 s.
        #expect(elapsed < .seconds(10))
    }
}
