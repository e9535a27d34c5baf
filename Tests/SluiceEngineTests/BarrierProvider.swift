import SluiceCore
import SluiceProviders

/// A test provider that holds every request until `size` are in flight at once, then answers
/// them one by one, last arrived first. It echoes the last user message as `echo:<message>`.
///
/// Work that never overlaps never fills the barrier, so a test using it shows concurrency by
/// what happens rather than by timing; the reverse answering order shows that results are put
/// back in input order.
final class BarrierProvider: ModelProvider {
    let name = "barrier"
    private let barrier: Barrier

    init(size: Int) {
        barrier = Barrier(size: size)
    }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ModelEvent.self)
        let barrier = barrier
        let text = "echo:" + (request.messages.last { $0.role == .user }?.content ?? "")
        Task {
            await barrier.arrive()
            continuation.yield(.started(ResponseInfo(model: "barrier/default")))
            continuation.yield(.textDelta(text))
            continuation.yield(.usage(TokenUsage(inputTokens: 1, outputTokens: 1)))
            continuation.yield(.finished(.completed))
            continuation.finish()
            await barrier.releaseNext()
        }
        return stream
    }
}

/// Holds arrivals until `size` have come, then lets them go one at a time, last first.
actor Barrier {
    private let size: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var opened = false

    init(size: Int) {
        self.size = size
    }

    func arrive() async {
        if opened {
            return
        }
        await withCheckedContinuation { continuation in
            waiting.append(continuation)
            if waiting.count == size {
                opened = true
                waiting.removeLast().resume()
            }
        }
    }

    func releaseNext() {
        if !waiting.isEmpty { waiting.removeLast().resume() }
    }
}
