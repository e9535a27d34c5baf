import FlyingSocks

/// A response body produced while it is sent: FlyingFox writes each chunk as it arrives, with
/// chunked transfer encoding, so SSE events reach the client one by one.
struct ByteChunks: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    let chunks: AsyncThrowingStream<[UInt8], any Error>

    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        var pending: ArraySlice<UInt8> = []

        mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            while pending.isEmpty {
                guard let chunk = try await chunks.next() else { return nil }
                pending = chunk[...]
            }
            let taken = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(taken.count)
            return taken
        }
    }
}
