// Measures the runtime foundations the executor sits on: how fast the store records a large
// fan-out, and how fast the local provider answers. Prints figures; asserts nothing.
//
//     swift run -c release sluice-runtime-bench [ITEMS] [CONCURRENCY]

import Foundation
import SluiceCore
import SluiceProviders
import SluiceStore

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let itemCount = arguments.first ?? 10_000
let concurrency = arguments.dropFirst().first ?? 8
let clock = ContinuousClock()

func format(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.3f s", Double(seconds) + Double(attoseconds) / 1e18)
}

func perItem(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let microseconds = (Double(seconds) + Double(attoseconds) / 1e18) * 1e6 / Double(itemCount)
    return String(format: "%.0f µs", microseconds)
}

/// Runs `body` for every index with at most `concurrency` at once.
func fanOut(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        while next < min(concurrency, count) {
            let index = next
            group.addTask { try await body(index) }
            next += 1
        }
        while try await group.next() != nil, next < count {
            let index = next
            group.addTask { try await body(index) }
            next += 1
        }
        try await group.waitForAll()
    }
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SluiceStore(at: directory.appendingPathComponent("sluice.db"))
let provider = LocalProvider()
let run = try await store.createRun(pipeline: "bench", inputs: ["items": .integer(itemCount)])
try await store.startStep(runID: run.id, name: "fan", kind: .model, itemCount: itemCount)

func itemWrites(_ index: Int, step: String) -> [RunWrite] {
    let start = AttemptStart(
        runID: run.id, step: step, itemIndex: index, number: 1, provider: "local", model: "default",
        request: ["messages": [["role": "user", "content": .string("item \(index)")]]])
    return [
        .startItem(runID: run.id, step: step, index: index, input: .integer(index), startedAt: Date()),
        .startAttempt(start),
        .finishAttempt(
            start.key,
            outcome: AttemptOutcome(
                status: .succeeded, responseText: "[synthetic] text", inputTokens: 3, outputTokens: 4)),
        .finishItem(
            runID: run.id, step: step, index: index,
            outcome: WorkOutcome(status: .succeeded, output: "[synthetic] text")),
    ]
}

let perEventStart = clock.now
try await fanOut(itemCount) { index in
    for write in itemWrites(index, step: "fan") { try await store.record([write]) }
}
let perEventElapsed = clock.now - perEventStart
print(
    "store: \(itemCount) items, one transaction per write (4 per item), concurrency \(concurrency): "
        + "\(format(perEventElapsed)) (\(perItem(perEventElapsed)) per item)")

try await store.startStep(runID: run.id, name: "fan-batched", kind: .model, itemCount: itemCount)
let batchedStart = clock.now
try await fanOut(itemCount) { index in
    try await store.record(itemWrites(index, step: "fan-batched"))
}
let batchedElapsed = clock.now - batchedStart
print(
    "store: \(itemCount) items, one transaction per item, concurrency \(concurrency): "
        + "\(format(batchedElapsed)) (\(perItem(batchedElapsed)) per item)")

let batchSize = 50
try await store.startStep(runID: run.id, name: "fan-grouped", kind: .model, itemCount: itemCount)
let groupedStart = clock.now
try await fanOut((itemCount + batchSize - 1) / batchSize) { batch in
    let indices = (batch * batchSize)..<min(itemCount, (batch + 1) * batchSize)
    try await store.record(indices.flatMap { itemWrites($0, step: "fan-grouped") })
}
let groupedElapsed = clock.now - groupedStart
print(
    "store: \(itemCount) items, one transaction per \(batchSize) items, concurrency \(concurrency): "
        + "\(format(groupedElapsed)) (\(perItem(groupedElapsed)) per item)")

let readStart = clock.now
let transcript = try await store.transcript(run.id)
let readElapsed = clock.now - readStart
print("store: transcript of \(transcript.steps.first?.items.count ?? 0) items read in \(format(readElapsed))")

let providerStart = clock.now
try await fanOut(itemCount) { index in
    let request = ModelRequest(model: "default", messages: [.user("item \(index)")], stream: true)
    for try await _ in provider.stream(request) {}
}
let providerElapsed = clock.now - providerStart
print(
    "local provider: \(itemCount) streamed requests at concurrency \(concurrency): \(format(providerElapsed)) "
        + "(\(perItem(providerElapsed)) per request), peak in flight \(provider.inFlight.peak)")
