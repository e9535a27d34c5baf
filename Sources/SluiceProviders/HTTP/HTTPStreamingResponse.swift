/// A response whose status and headers have arrived and whose body is still arriving.
public struct HTTPStreamingResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The body, chunk by chunk as the network delivers it. It throws an ``HTTPTransportError``
    /// when the connection fails, stalls or runs out of time. Dropping it, or cancelling the
    /// task reading it, closes the connection.
    public var body: AsyncThrowingStream<[UInt8], any Error>
    /// When the connection was ready and when the status line arrived, for request logging.
    public var timings: HTTPTimings

    /// A response with the given parts.
    public init(
        status: Int, headers: HTTPHeaders, body: AsyncThrowingStream<[UInt8], any Error>, timings: HTTPTimings
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.timings = timings
    }

    /// The whole body, read to the end.
    public func collectBody() async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body { bytes.append(contentsOf: chunk) }
        return bytes
    }
}

/// How long the phases of one request took, measured from when it was handed to the transport.
public struct HTTPTimings: Sendable, Hashable {
    /// Until the request body had been sent (the connection was up), when the transport saw it.
    public var connected: Duration?
    /// Until the status line and headers arrived.
    public var firstByte: Duration

    /// Timings with the given phases.
    public init(connected: Duration?, firstByte: Duration) {
        self.connected = connected
        self.firstByte = firstByte
    }
}
