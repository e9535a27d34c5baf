import SluiceCore
import Testing

@Suite("API key shapes")
struct APIKeyShapeTests {
    @Test("each provider's key shape is recognised, the most specific prefix winning")
    func providers() {
        let text = """
            sk-ant-api03-abcdefghij0123456789 sk-proj-abcdefghij0123456789 sk-or-v1-abcdefghij0123456789
            sk-abcdefghij0123456789ab AIzaSyabcdefghij0123456789abcdefghij gsk_abcdefghij0123456789ab
            """
        #expect(
            APIKeyShape.matches(in: text).map(\.shape.provider) == [
                "Anthropic", "OpenAI", "OpenRouter", "OpenAI", "Google", "Groq",
            ])
        #expect(APIKeyShape.matches(in: text).first?.shape.prefix == "sk-ant-")
    }

    @Test("ordinary words, short tokens, digit-free tokens and prefixes inside words are not keys")
    func nonKeys() {
        #expect(APIKeyShape.matches(in: "the sk-learn docs and a task-0123456789abcdefghijklmnop").isEmpty)
        #expect(APIKeyShape.matches(in: "sk-abcdefghijklmnopqrstuvwxyz is only letters").isEmpty)
        #expect(APIKeyShape.matches(in: "gsk_0123 and AIza0123456789 are too short for keys").isEmpty)
    }

    @Test("match ranges are UTF-8 offsets, correct after multi-byte characters")
    func utf8Ranges() throws {
        let text = "clé « sk-ant-api03-abcdefghij0123456789 »"
        let match = try #require(APIKeyShape.matches(in: text).first)
        let key = String(decoding: Array(text.utf8)[match.utf8Range], as: UTF8.self)
        #expect(key == "sk-ant-api03-abcdefghij0123456789")
    }
}
