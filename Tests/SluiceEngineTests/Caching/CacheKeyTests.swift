import Foundation
import SluiceCore
import SluiceEngine
import SluiceProviders
import SluiceSchema
import SluiceStore
import SluiceTestSupport
import Testing

/// The response cache's key: what changes it, what does not, and how entries age.
@Suite(.timeLimit(.minutes(1)))
struct CacheKeyTests {
    static let labelSchema = #"{"type": "object", "properties": {"label": {"type": "string"}}}"#

    static func schema(_ text: String, file: String = "schemas/label.json") throws -> Schema {
        try Schema(text: text, file: file)
    }

    static let base = ModelRequest(
        model: "ignored", messages: [.system("You triage tickets."), .user("Ticket 7: the export fails.")],
        temperature: 0, topP: 0.9, maxTokens: 400, stop: ["END"], seed: 7, responseFormat: .json(schema: nil),
        stream: false, extraParameters: ["reasoning_effort": "low"])
    static let chain = ["openai/gpt-4.1-mini", "anthropic/claude-haiku-4-5"]

    static func key(
        _ change: (inout ModelRequest) throws -> Void = { _ in }, chain: [String] = chain, kind: StepKind = .model,
        pipeline: String = "triage", step: String = "classify"
    ) throws -> String {
        var request = base
        request.responseFormat = .json(schema: try schema(labelSchema))
        try change(&request)
        return CacheKey.modelStep(request, chain: chain, kind: kind, pipeline: pipeline, step: step).digest
    }

    @Test func everyInputChangesTheKeyAndNothingElseDoes() throws {
        let original = try Self.key()
        #expect(original.count == 64 && original.allSatisfy(\.isHexDigit))
        #expect(try Self.key() == original, "the key must not change from one computation to the next")
        // Each input of the key, changed alone, changes it.
        let changing: [(String, String)] = [
            ("the system message", try Self.key { $0.messages[0] = .system("You triage tickets carefully.") }),
            ("the user message", try Self.key { $0.messages[1] = .user("Ticket 8: the export fails.") }),
            ("a message's role", try Self.key { $0.messages[0] = .user("You triage tickets.") }),
            ("an added message", try Self.key { $0.messages.append(.assistant("ok")) }),
            ("the chain's order", try Self.key(chain: Self.chain.reversed())),
            ("a model dropped from the chain", try Self.key(chain: [Self.chain[0]])),
            ("another model", try Self.key(chain: ["openai/gpt-4.1", Self.chain[1]])),
            ("temperature", try Self.key { $0.temperature = 0.2 }),
            ("top_p", try Self.key { $0.topP = 1 }),
            ("max_tokens", try Self.key { $0.maxTokens = 401 }),
            ("stop", try Self.key { $0.stop = ["STOP"] }),
            ("seed", try Self.key { $0.seed = 8 }),
            ("params:", try Self.key { $0.extraParameters = ["reasoning_effort": "high"] }),
            ("the output mode (text)", try Self.key { $0.responseFormat = .text }),
            ("the output mode (xml)", try Self.key { $0.responseFormat = .xml(tags: ["label"]) }),
            (
                "the schema's content",
                try Self.key {
                    $0.responseFormat = .json(
                        schema: try Self.schema(#"{"type": "object", "properties": {"label": {"type": "integer"}}}"#))
                }
            ),
            ("the step kind", try Self.key(kind: .template)),
        ]

        var seen: [String: String] = ["nothing changed": original]
        for (what, key) in changing {
            #expect(key != original, "changing \(what) must change the key")
            if let clash = seen[key] { Issue.record("changing \(what) gives the same key as \(clash)") }
            seen[key] = what
        }
        let unchanged: [(String, String)] = [
            ("the model field of the request (the chain is hashed instead)", try Self.key { $0.model = "other" }),
            ("streaming", try Self.key { $0.stream = true }),
            ("the pipeline's name", try Self.key(pipeline: "other")),
            ("the step's name", try Self.key(step: "renamed")),
            (
                "the same schema read from another file",
                try Self.key {
                    $0.responseFormat = .json(schema: try Self.schema(Self.labelSchema, file: "other.json"))
                }
            ),
            ("the same parameters written again", try Self.key { $0.extraParameters = ["reasoning_effort": "low"] }),
        ]
        for (what, key) in unchanged { #expect(key == original, "changing \(what) must leave the key alone") }
    }

    @Test func anEntryOlderThanTheTimeToLiveIsNotUsedAndRefreshOnlyWrites() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cache-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SluiceStore(at: folder.appendingPathComponent("sluice.db"))
        let clock = ManualTimeSource()
        let cache = StoreResponseCache(store: store, timeToLive: .seconds(3600), clock: clock)
        let key = CacheKey.modelStep(Self.base, chain: Self.chain, pipeline: "triage", step: "classify")
        let answer = CachedResponse(
            text: #"{"label":"bug"}"#, output: ["label": "bug"], provider: "openai", model: "gpt-4.1-mini",
            usage: TokenUsage(inputTokens: 30, outputTokens: 5), costUSD: 0.0001, latency: .milliseconds(420))
        await cache.save(answer, for: key)
        #expect(await cache.response(for: key) == answer)
        clock.advance(by: .seconds(3599))
        #expect(await cache.response(for: key) != nil)
        clock.advance(by: .seconds(2))
        #expect(await cache.response(for: key) == nil, "an entry past its ttl must miss")

        let refreshing = StoreResponseCache(store: store, readsEntries: false, clock: clock)
        #expect(await refreshing.response(for: key) == nil, "--refresh never reads")
        var newer = answer
        newer.output = ["label": "feature"]
        await refreshing.save(newer, for: key)
        // A run's saves are written together; the engine flushes them before the run ends.
        await refreshing.flush()
        let reading = StoreResponseCache(store: store, timeToLive: .seconds(3600), clock: clock)
        #expect(
            await reading.response(for: key)?.output == ["label": "feature"], "--refresh writes, and renews the age")
        let stored = try #require(try await store.cacheEntry(forKey: key.digest))
        #expect(stored.pipeline == "triage" && stored.step == "classify" && stored.model == "gpt-4.1-mini")
        #expect(stored.keyMaterial?.canonicalText.contains("Ticket 7: the export fails.") == true)
        #expect(cache.failure == nil)
    }
}
