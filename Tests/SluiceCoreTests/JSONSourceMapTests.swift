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
