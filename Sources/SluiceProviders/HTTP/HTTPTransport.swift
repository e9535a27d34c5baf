/// Sends provider requests over HTTP: the seam between the adapters and the network.
///
/// ``URLSessionTransport`` is the implementation; tests point it at the mock provider server on
/// loopback rather than replacing it, so the real network code is what they exercise.
public protocol HTTPTransport: Sendable {
    /// Sends the request and returns once the status and headers arrive; the body follows as a stream.
    ///
    /// Throws ``HTTPTransportError`` when no response arrives (connection refused, connect
    /// timeout, stall, total timeout) and `CancellationError` when the calling task is cancelled.
    func send(_ request: ProviderHTTPRequest) async throws -> HTTPStreamingResponse
}

/// The limits one transport puts on every request.
public struct HTTPTimeouts: Sendable, Hashable {
    /// How long the connection may take to come up and take the request.
    public var connect: Duration
    /// How long the server may stay silent (before the headers or between body chunks) before
    /// the request counts as stalled. Reasoning models can think for minutes before the first
    /// byte of a non-streamed reply, so the default is generous.
    public var idle: Duration
    /// How long the whole request may take, if limited.
    public var total: Duration?

    /// Limits with the given values; the defaults are 10 s to connect and 300 s of silence.
    public init(connect: Duration = .seconds(10), idle: Duration = .seconds(300), total: Duration? = nil) {
        self.connect = connect
        self.idle = idle
        self.total = total
    }
}

/// Why a request got no complete response from the network.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of transport failure.
    public enum Kind: String, Sendable, Hashable {
        /// The connection failed, was refused or was reset.
        case network
        /// The connection did not come up within the connect timeout.
        case connectTimeout = "connect-timeout"
        /// The server sent nothing for longer than the idle timeout.
        case stalled
        /// The request took longer than the total timeout.
        case totalTimeout = "total-timeout"
        /// `libSluiceHTTPClient.so`, which makes every HTTP request, could not be loaded (not
        /// installed beside `sluice`, a missing dependency such as libcurl, or lacking its
        /// functions). No request was sent, and none can be in this process.
        case libraryMissing = "library-missing"
    }

    /// The kind of failure.
    public var kind: Kind
    /// What the network layer said, without the request URL's query.
    public var message: String

    /// An error of the given kind.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}
