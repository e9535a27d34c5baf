import SluiceCore
public import SluiceProviders
import Synchronization

/// A test provider that holds every request until the test releases it, then answers `echo:` and
/// the last user message. It counts the requests held at once, so a test shows a concurrency cap
/// by what the provider saw, with no real time passing.
///
/// ```swift
/// let provider = HoldingProvider(name: "local")
/// // … start the run, then:
/// await provider.waitForHeld(8)      // eight requests are waiting
/// provider.releaseOldest()           // answer one
/// #expect(provider.peakHeld <= 8)
/// ```
public final class HoldingProvider: ModelProvider {
    private typealias Continuation = AsyncThrowingStream<ModelEvent, any Error>.Continuation

    private struct Held {
        var number: Int
        var continuation: Continuation
        var text: String
    }

    private struct State {
        var held: [Held] = []
        var received = 0
        var peak = 0
        var answered = 0
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// The provider's name, as written before the slash in model names.
    public let name: String
    /// The requests held (oldest first), the counts, and the tests waiting for a number held.
    private let state = Mutex(State())

    /// A provider answering models written `name/…`.
    public init(name: String) {
        self.name = name
    }

    /// Requests received and not yet released.
    public var heldCount: Int { state.withLock { $0.held.count } }
    /// The most requests held at once so far.
    public var peakHeld: Int { state.withLock { $0.peak } }
    /// Requests released so far.
    public var answeredCount: Int { state.withLock { $0.answered } }

    /// Holds the request until ``releaseOldest()`` answers it; a request whose consumer stops
    /// listening is no longer held.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let text = "echo:" + (request.messages.last { $0.role == .user }?.content ?? "")
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ModelEvent.self)
        let (number, ready) = state.withLock { state in
            state.received += 1
            state.held.append(Held(number: state.received, continuation: continuation, text: text))
            state.peak = max(state.peak, state.held.count)
            return (state.received, Self.takeSatisfiedWaiters(&state))
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { $0.held.removeAll { $0.number == number } }
        }
        for waiter in ready { waiter.resume() }
        return stream
    }

    /// Answers the request held longest, if any.
    public func releaseOldest() {
        let released = state.withLock { state -> Held? in
            guard !state.held.isEmpty else { return nil }
            state.answered += 1
            return state.held.removeFirst()
        }
        guard let released else { return }
        released.continuation.yield(.started(ResponseInfo(model: "\(name)/held")))
        released.continuation.yield(.textDelta(released.text))
        released.continuation.yield(.usage(TokenUsage(inputTokens: 1, outputTokens: 1)))
        released.continuation.yield(.finished(.completed))
        released.continuation.finish()
    }

    /// Waits, without real time passing, until at least `count` requests are held at once.
    public func waitForHeld(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                state.waiters.append((count, continuation))
                return Self.takeSatisfiedWaiters(&state)
            }
            for waiter in ready { waiter.resume() }
        }
    }

    private static func takeSatisfiedWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let count = state.held.count
        let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
        state.waiters.removeAll { $0.count <= count }
        return ready
    }
}
