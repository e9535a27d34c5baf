/// One event of a `text/event-stream` response, as the WHATWG rules dispatch it.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field; `message` when the server named none.
    public var type: String
    /// The `data:` lines joined with line feeds.
    public var data: String
    /// The last event id seen so far (it persists across events), if any.
    public var lastEventID: String?

    /// An event with the given fields.
    public init(type: String = "message", data: String, lastEventID: String? = nil) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}
