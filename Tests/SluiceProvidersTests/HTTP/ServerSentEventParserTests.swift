import SluiceProviders
import Testing

@Suite("The SSE parser")
struct ServerSentEventParserTests {
    /// Feeds `text` one byte at a time, then ends the stream.
    private func parseByteByByte(_ bytes: [UInt8]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in bytes { events += parser.feed([byte]) }
        if let last = parser.finish() { events.append(last) }
        return events
    }

    private func parseByteByByte(_ text: String) -> [ServerSentEvent] { parseByteByByte(Array(text.utf8)) }

    @Test(
        "LF, CR and CRLF all end lines, even mixed in one stream",
        arguments: ["\n", "\r", "\r\n"])
    func lineEndings(_ newline: String) {
        let text = "data: one\(newline)\(newline)data: two\(newline)\(newline)"
        #expect(parseByteByByte(text).map(\.data) == ["one", "two"])
    }

    @Test("a stream mixing CR, LF and CRLF gives one event per blank line")
    func mixedLineEndings() {
        let events = parseByteByByte("data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\n")
        #expect(events.map(\.data) == ["a", "b", "c", "d"])
    }

    @Test("a CRLF split across two chunks is one line break, not an empty line")
    func crlfSplitAcrossChunks() {
        var parser = ServerSentEventParser()
        var events = parser.feed(Array("data: first\r".utf8))
        events += parser.feed(Array("\ndata: second\r".utf8))
        events += parser.feed(Array("\n\r\n".utf8))
        #expect(events.map(\.data) == ["first\nsecond"])
    }

    @Test("several data lines join with line feeds")
    func multiLineData() {
        let events = parseByteByByte("data: {\"a\":\ndata: 1}\n\n")
        #expect(events.map(\.data) == ["{\"a\":\n1}"])
    }

    @Test("comments are skipped; event, id and retry are read; the id persists")
    func fieldsAndComments() {
        var parser = ServerSentEventParser()
        let events = parser.feed(
            Array(": OPENROUTER PROCESSING\nevent: ping\nid: 7\nretry: 1500\ndata:{}\n\ndata: next\n\n".utf8))
        #expect(
            events == [
                ServerSentEvent(type: "ping", data: "{}", lastEventID: "7"),
                ServerSentEvent(data: "next", lastEventID: "7"),
            ])
        #expect(parser.retryMilliseconds == 1500)
    }

    @Test("one space after the colon is removed, not more; a line without a colon is a field with no value")
    func spaceAfterColon() {
        let events = parseByteByByte("data:  two spaces\n\ndata\n\n")
        #expect(events.map(\.data) == [" two spaces", ""])
    }

    @Test("a multi-byte character split across chunks arrives whole")
    func utf8SplitAcrossChunks() {
        let events = parseByteByByte("data: 212 °F, café, 🌡️\n\n")
        #expect(events.map(\.data) == ["212 °F, café, 🌡️"])
    }

    @Test("U+2028 and U+2029 inside data never break a line")
    func lineSeparatorInsideData() {
        let events = parseByteByByte("data: {\"text\":\"a\u{2028}b\u{2029}c\u{85}d\"}\n\n")
        #expect(events.map(\.data) == ["{\"text\":\"a\u{2028}b\u{2029}c\u{85}d\"}"])
    }

    @Test("a final event without a trailing blank line is still delivered at the end")
    func finalEventWithoutBlankLine() {
        #expect(parseByteByByte("data: one\n\ndata: last").map(\.data) == ["one", "last"])
        #expect(parseByteByByte("data: last\n").map(\.data) == ["last"])
    }

    @Test("a leading byte-order mark is skipped")
    func byteOrderMark() {
        #expect(parseByteByByte([0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)).map(\.data) == ["x"])
    }

    @Test("a blank line with no data dispatches nothing and resets the event type")
    func emptyEvent() {
        #expect(parseByteByByte("event: ping\n\ndata: x\n\n") == [ServerSentEvent(data: "x")])
    }

    @Test("old llama.cpp 'error:' lines become an error event")
    func llamaCppErrorField() {
        let events = parseByteByByte("error: {\"code\":500,\"message\":\"boom\"}\n\ndata: [DONE]\n\n")
        #expect(
            events == [
                ServerSentEvent(type: "error", data: "{\"code\":500,\"message\":\"boom\"}"),
                ServerSentEvent(data: "[DONE]"),
            ])
    }

    @Test("an id holding U+0000 is ignored")
    func nullInID() {
        let events = parseByteByByte("id: 1\ndata: a\n\nid: bad\u{0}\ndata: b\n\n")
        #expect(events.map(\.lastEventID) == ["1", "1"])
    }
}
