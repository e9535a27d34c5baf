import Foundation
import SluiceCore
import Synchronization
import Testing

@testable import SluiceEngine

@Suite(.timeLimit(.minutes(1)))
struct RunEventChannelTests {
    @Test func aSlowConsumerHoldsProducersBackAndSeesEveryEventInOrder() async {
        let capacity = 4
        let channel = RunEventChannel(capacity: capacity)
        let sent = Mutex(0)
        let producer = Task {
            for index in 0..<200 {
                await channel.send(.stepStarted(step: "s\(index)", kind: .model, itemCount: nil, at: Date()))
                sent.withLock { $0 += 1 }
            }
            channel.finish()
        }
        var received: [String] = []
        var mostAhead = 0
        while let event = await channel.next() {
            if case .stepStarted(let step, _, _, _) = event { received.append(step) }
            // Events sent but not yet taken never exceed the capacity (plus the one being appended).
            mostAhead = max(mostAhead, sent.withLock { $0 } - received.count)
            await Task.yield()
        }
        await producer.value
        #expect(received == (0..<200).map { "s\($0)" })
        #expect(mostAhead <= capacity + 1)
    }

    @Test func aConsumerThatGoesAwayReleasesProducers() async {
        let channel = RunEventChannel(capacity: 2)
        let producer = Task {
            for index in 0..<50 {
                await channel.send(.stepStarted(step: "s\(index)", kind: .model, itemCount: nil, at: Date()))
            }
        }
        _ = await channel.next()
        channel.close()
        await producer.value
        #expect(await channel.next() == nil)
    }
}
