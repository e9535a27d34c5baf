/// Turns the bytes of a `text/event-stream` body into events, in any chunking.
///
/// Follows WHATWG HTML "Interpreting an event stream": lines end with CR, LF or CRLF (a CRLF
/// split across two chunks is one line break); a blank line dispatches the event; `:` starts a
/// comment; `data` lines are joined with LF; `event`, `id` and `retry` set their fields; a
/// leading BOM is skipped. Lines are split on bytes before any UTF-8 decoding, so a character
/// split across chunks survives and U+2028 inside data never breaks a line.
///
/// One non-standard field is kept: older llama.cpp servers report a failure mid-stream as an
/// `error:` line, which becomes an event of type `error`.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastByteWasCarriageReturn = false
    private var sawFirstLine = false
    private var eventType: String?
    private var dataLines: [String] = []
    private var lastEventID: String?
    /// The reconnection delay the server asked for with `retry:`, in milliseconds.
    public private(set) var retryMilliseconds: Int?

    /// A parser at the start of a stream.
    public init() {}

    /// Feeds the next bytes; returns the events they completed, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastByteWasCarriageReturn {
                lastByteWasCarriageReturn = false
                if byte == 0x0A { continue }
            }
            if byte == 0x0D || byte == 0x0A {
                lastByteWasCarriageReturn = byte == 0x0D
                if let event = processLine() { events.append(event) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: returns the event still being built when the body ended without a
    /// blank line, if it has data.
    ///
    /// The standard drops such an event; providers' last chunk sometimes arrives this way, so
    /// it is returned and the caller decides (a JSON payload that parses is complete).
    public mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty {
            _ = processLine()
            line.removeAll()
        }
        guard !dataLines.isEmpty else { return nil }
        return dispatch()
    }

    private mutating func processLine() -> ServerSentEvent? {
        var bytes = line[...]
        if !sawFirstLine {
            sawFirstLine = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        if bytes.isEmpty { return dispatch() }
        if bytes.first == UInt8(ascii: ":") { return nil }
        let field: String
        let value: Substring
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: bytes[..<colon], as: UTF8.self)
            var rest = bytes[(colon + 1)...]
            if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
            value = Substring(String(decoding: rest, as: UTF8.self))
        } else {
            field = String(decoding: bytes, as: UTF8.self)
            value = ""
        }
        switch field {
        case "event":
            eventType = String(value)
        case "data":
            dataLines.append(String(value))
        case "id":
            if !value.contains("\u{0}") { lastEventID = String(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }) {
                retryMilliseconds = Int(value)
            }
        case "error":
            eventType = "error"
            dataLines.append(String(value))
        default:
            break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            eventType = nil
            dataLines.removeAll()
        }
        guard !dataLines.isEmpty else { return nil }
        return ServerSentEvent(
            type: eventType ?? "message", data: dataLines.joined(separator: "\n"), lastEventID: lastEventID)
    }
}
