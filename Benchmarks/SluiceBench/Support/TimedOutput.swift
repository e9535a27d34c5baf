import Foundation

/// What a pipe delivered, piece by piece, with the moment each piece arrived.
struct TimedOutput: Sendable {
    /// Each read's bytes and when the read returned.
    var pieces: [(ContinuousClock.Instant, [UInt8])] = []

    /// Reads `descriptor` to its end, blocking: run it with `offThePool`.
    static func read(_ descriptor: Int32) -> TimedOutput {
        var output = TimedOutput()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Foundation.read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            output.pieces.append((ContinuousClock.now, Array(buffer[0..<count])))
        }
        return output
    }

    /// For each marker, the moment its first occurrence was complete on the pipe, or nil when it never appeared.
    func arrivals(of markers: [String]) -> [ContinuousClock.Instant?] {
        var bytes: [UInt8] = []
        var ends: [(Int, ContinuousClock.Instant)] = []
        for (instant, piece) in pieces {
            bytes += piece
            ends.append((bytes.count, instant))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return markers.map { marker in
            guard let range = text.range(of: marker) else { return nil }
            let end = text.utf8.distance(from: text.startIndex, to: range.upperBound)
            return ends.first { $0.0 >= end }?.1
        }
    }
}
