import SluiceCore
import Testing

@Suite("Streaming redaction")
struct StreamingRedactorTests {
    static let key = "sk-ant-api03-abcdefghij0123456789XYZ"

    /// Everything printed when `pieces` arrive one by one and the stream ends.
    static func printed(_ pieces: [String], redactor: SecretRedactor = SecretRedactor()) -> [String] {
        var streaming = StreamingRedactor(redactor: redactor)
        return pieces.map { streaming.feed($0) } + [streaming.finish()]
    }

    @Test("a key-shaped token split across pieces is held until it is whole, then redacted")
    func splitKeyShape() {
        let pieces = Self.printed(["Use sk-ant-api03-abc", "defghij0123", "456789XYZ now."])
        #expect(pieces == ["Use ", "", "[REDACTED] now.", ""])
    }

    @Test("a known secret split anywhere, even mid-word, never shows")
    func splitKnownSecret() {
        let redactor = SecretRedactor(knownSecrets: ["hunter2-correct-horse"])
        let joined = Self.printed(["my password:hunter2-cor", "rect-horse", " ok"], redactor: redactor).joined()
        #expect(joined == "my password:[REDACTED] ok")
    }

    @Test("Bearer and its token are held together when the token comes in the next piece")
    func bearerAcrossPieces() {
        let joined = Self.printed(["Authorization: Bearer ", "abc.def.ghi", " done"]).joined()
        #expect(joined == "Authorization: Bearer [REDACTED] done")
    }

    @Test("ordinary words are printed at once, with nothing held back")
    func ordinaryWordsFlow() {
        #expect(Self.printed([" The", " river", " ran"]) == [" The", " river", " ran", ""])
    }

    @Test("a word that could start a key is held, and let go when it turns out not to be one")
    func heldThenReleased() {
        #expect(Self.printed(["ask", " sk", "ipped"]) == ["ask", " ", "skipped", ""])
    }

    @Test("a tail longer than the limit is not a key being split and flows")
    func longTail() {
        let long = "sk-" + String(repeating: "x", count: StreamingRedactor.longestHeldTail)
        #expect(Self.printed([long]).first == long)
    }
}
