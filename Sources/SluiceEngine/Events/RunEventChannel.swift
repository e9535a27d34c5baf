import Synchronization

/// A many-producer, one-consumer queue of run events that keeps their order and bounds memory.
///
/// Producers append under a lock, so the consumer sees events in the order they were sent.
/// When more than `capacity` events wait, a producer suspends after appending until the
/// consumer has caught up: a fast run cannot pile up events faster than the store writes them.
/// Closing (the consumer went away) drops further events and releases every waiting producer.
final class RunEventChannel: Sendable {
    private struct State {
        var buffer: [RunEvent] = []
        var head = 0
        var consumer: CheckedContinuation<RunEvent?, Never>?
        var producers: [CheckedContinuation<Void, Never>] = []
        var finished = false
        var closed = false

        var waiting: Int { buffer.count - head }

        mutating func take() -> RunEvent? {
            guard head < buffer.count else { return nil }
            let event = buffer[head]
            head += 1
            if head > 1024, head * 2 > buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return event
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// Appends `event`; waits while the consumer is more than `capacity` events behind.
    func send(_ event: RunEvent) async {
        let mustWait = state.withLock { state -> Bool in
            guard !state.closed, !state.finished else { return false }
            if let consumer = state.consumer {
                state.consumer = nil
                consumer.resume(returning: event)
                return false
            }
            state.buffer.append(event)
            return state.waiting > capacity
        }
        guard mustWait else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.closed || state.waiting <= capacity { return true }
                state.producers.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Whether events have been sent that the consumer has not taken yet.
    var hasWaitingEvents: Bool {
        state.withLock { $0.waiting > 0 }
    }

    /// Ends the stream after the events already sent.
    func finish() {
        let consumer = state.withLock { state -> CheckedContinuation<RunEvent?, Never>? in
            state.finished = true
            defer { state.consumer = nil }
            return state.waiting == 0 ? state.consumer : nil
        }
        consumer?.resume(returning: nil)
    }

    /// The consumer stopped listening: drop what is queued and let every producer go on.
    func close() {
        let (producers, consumer) = state.withLock { state in
            state.closed = true
            state.buffer = []
            state.head = 0
            defer {
                state.producers = []
                state.consumer = nil
            }
            return (state.producers, state.consumer)
        }
        for producer in producers { producer.resume() }
        consumer?.resume(returning: nil)
    }

    /// The next event, or `nil` once the stream has finished and is drained.
    func next() async -> RunEvent? {
        await withCheckedContinuation { (continuation: CheckedContinuation<RunEvent?, Never>) in
            let (result, producers) = state.withLock { state -> (RunEvent??, [CheckedContinuation<Void, Never>]) in
                if let event = state.take() {
                    var released: [CheckedContinuation<Void, Never>] = []
                    if state.waiting <= capacity {
                        released = state.producers
                        state.producers = []
                    }
                    return (.some(event), released)
                }
                if state.finished || state.closed { return (.some(nil), []) }
                state.consumer = continuation
                return (nil, [])
            }
            for producer in producers { producer.resume() }
            if let result { continuation.resume(returning: result) }
        }
    }

    /// The channel as the public `AsyncStream`; iteration pulls, so backpressure is kept.
    var stream: AsyncStream<RunEvent> {
        AsyncStream(unfolding: { await self.next() }, onCancel: { self.close() })
    }
}
