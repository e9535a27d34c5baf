import FuzzDriver
import SluiceProviders

// libFuzzer target: the server-sent events parser that reads every streaming provider response.
// The input is fed whole, then again in chunks cut at every seventh byte (a network read may
// end anywhere, even inside a UTF-8 sequence or between `\r` and `\n`); both feedings must give
// the same events. A trap, a hang, a sanitizer report or a difference is a bug.
// Build and run with `scripts/fuzz.sh sse SECONDS` (see docs/development.md, "Fuzzing").

runFuzzer { data, size in
    let bytes = fuzzInput(data, size)
    var whole = ServerSentEventParser()
    var events = whole.feed(bytes)
    if let last = whole.finish() { events.append(last) }
    var chunked = ServerSentEventParser()
    var chunkedEvents: [ServerSentEvent] = []
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + 7)
        chunkedEvents += chunked.feed(bytes[start..<end])
        start = end
    }
    if let last = chunked.finish() { chunkedEvents.append(last) }
    if events != chunkedEvents {
        fatalError("chunked feeding gave other events: \(events) versus \(chunkedEvents)")
    }
    return 0
}
