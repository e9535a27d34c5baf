import Foundation
import SluiceCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A one-connection HTTP server on 127.0.0.1 that answers a chat-completions request with an
/// OpenAI-style event stream of numbered words (`w0 `, `w1 `…), one every `interval`, and
/// notes the moment each word's bytes were handed to the socket.
///
/// `sluice-mock-provider` streams at a cadence too, but its send times are not visible from
/// outside; pass-through latency needs the exact moment each chunk left, on the same clock as
/// the moment it reappears on sluice's output, so the benchmark serves this one stream itself.
final class StreamingServer: Sendable {
    /// The port it listens on.
    let port: Int
    private let listener: Int32
    private let words: Int
    private let interval: Duration
    /// When each word was written to the socket, by index; filled by the serving thread.
    private let sent = Mutex([ContinuousClock.Instant]())

    /// Listens on a free loopback port; ``serve()`` answers one request.
    init(words: Int, interval: Duration) throws {
        self.words = words
        self.interval = interval
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 4) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard listener >= 0, bound else { throw BenchError("cannot listen on 127.0.0.1 for the streaming benchmark") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(listener) }

    /// Stops waiting for a connection (a run that failed before it called).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// The word at `index` as the stream sends it.
    static func word(_ index: Int) -> String { "w\(index) " }

    /// The send time of every word, once ``serve()`` has returned.
    var sendTimes: [ContinuousClock.Instant] { sent.withLock { $0 } }

    /// Accepts one connection, reads its request, streams the words, and closes it. Blocking:
    /// call it on a thread of its own.
    func serve() {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        guard readRequest(connection) else { return }
        transmit(connection, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        func event(_ json: String) {
            let data = "data: \(json)\n\n"
            transmit(connection, String(data.utf8.count, radix: 16) + "\r\n" + data + "\r\n")
        }
        for index in 0..<words {
            if index > 0 { Thread.sleep(forTimeInterval: interval.seconds) }
            let instant = ContinuousClock.now
            event(
                #"{"id":"b","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#(Self.word(index))"}}]}"#
            )
            sent.withLock { $0.append(instant) }
        }
        event(#"{"id":"b","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)
        event(
            #"{"id":"b","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":\#(words),"total_tokens":\#(words + 5)}}"#
        )
        let done = "data: [DONE]\n\n"
        transmit(connection, String(done.utf8.count, radix: 16) + "\r\n" + done + "\r\n0\r\n\r\n")
    }

    /// Reads the request's head and its `Content-Length` body; false when the client went away.
    private func readRequest(_ connection: Int32) -> Bool {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return false }
            received += buffer[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            guard let headEnd = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length =
                head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text[headEnd.upperBound...].utf8.count >= length { return true }
        }
    }

    private func transmit(_ connection: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { rest in
                send(connection, rest.baseAddress, rest.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return }
            offset += written
        }
    }
}
