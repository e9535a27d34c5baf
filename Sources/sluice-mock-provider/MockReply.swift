import SluiceCore
import SluiceSchema

/// The deterministic reply to a request: the same request always gets the same text, split into
/// the same tokens.
struct MockReply: Sendable {
    /// The reply split into stream tokens; joined they are the whole reply.
    var tokens: [String]
    var text: String { tokens.joined() }

    init(for request: MockRequest, invalidJSON: Bool) {
        let text: String
        if invalidJSON {
            text = #"{"answer": "unterminated"#
        } else if let schema = request.schema {
            let compiled = try? Schema(schema)
            let instance = compiled.flatMap {
                SyntheticInstance.generate(for: $0, seed: UInt64(request.lastUserText.utf8.count))
            }
            text = (instance ?? .object(JSONObject())).formatted(.compact)
        } else if request.wantsJSON {
            text = JSONValue.object(JSONObject([("echo", .string(request.lastUserText))])).formatted(.compact)
        } else {
            text = "Mock reply from \(request.model): \(request.lastUserText)"
        }
        tokens = Self.split(text)
    }

    /// Words with their leading space, so every piece of the text lands in exactly one token.
    private static func split(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == " " && !current.isEmpty && current != " " {
                tokens.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
