import Foundation
import SluiceCore

/// A model call as the mock understands it, whatever dialect it arrived in.
struct MockRequest: Sendable {
    enum Dialect: String, Sendable {
        case openai, anthropic, gemini
    }

    var dialect: Dialect
    var model: String
    var stream: Bool
    /// Every message text, in order; the last user message decides the reply.
    var texts: [String]
    var lastUserText: String
    /// The schema of a structured-output request, in the dialect's own field.
    var schema: JSONValue?
    /// Whether the request asked for JSON without a schema.
    var wantsJSON: Bool
    /// Whether an OpenAI-style stream should end with a usage chunk.
    var includeUsage: Bool
    /// The credential the request carried (for per-key limits), if any.
    var key: String?

    /// Reads `body`, sent to `path` with `headers`; `nil` when the body is not a model call.
    init?(path: String, body: JSONValue, header: (String) -> String?) {
        if path.hasSuffix("/chat/completions") {
            dialect = .openai
            model = body["model"]?.stringValue ?? ""
            stream = body["stream"]?.boolValue ?? false
            texts = (body["messages"]?.arrayValue ?? []).compactMap { $0["content"]?.stringValue }
            lastUserText =
                (body["messages"]?.arrayValue ?? []).last { $0["role"]?.stringValue == "user" }?["content"]?
                .stringValue ?? ""
            let format = body["response_format"]
            schema = format?["json_schema"]?["schema"]
            wantsJSON = format?["type"]?.stringValue == "json_object" || schema != nil
            includeUsage = body["stream_options"]?["include_usage"]?.boolValue ?? false
            key = header("authorization").map { String($0.dropFirst("Bearer ".count)) }
        } else if path.hasSuffix("/messages") {
            dialect = .anthropic
            model = body["model"]?.stringValue ?? ""
            stream = body["stream"]?.boolValue ?? false
            let messages = body["messages"]?.arrayValue ?? []
            texts = [body["system"]?.stringValue].compactMap { $0 } + messages.compactMap { $0["content"]?.stringValue }
            lastUserText = messages.last { $0["role"]?.stringValue == "user" }?["content"]?.stringValue ?? ""
            schema = body["output_config"]?["format"]?["schema"]
            wantsJSON = schema != nil
            includeUsage = true
            key = header("x-api-key")
        } else if let range = path.range(of: "/models/"),
            path.hasSuffix(":generateContent")
                || path.hasSuffix(":streamGenerateContent")
        {
            dialect = .gemini
            let tail = path[range.upperBound...]
            model = String(tail.prefix { $0 != ":" })
            stream = path.hasSuffix(":streamGenerateContent")
            let contents = body["contents"]?.arrayValue ?? []
            func text(_ content: JSONValue?) -> String? {
                content?["parts"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined()
            }
            texts = [text(body["systemInstruction"])].compactMap { $0 } + contents.compactMap { text($0) }
            lastUserText = text(contents.last { $0["role"]?.stringValue == "user" }) ?? ""
            schema = body["generationConfig"]?["responseJsonSchema"]
            wantsJSON = body["generationConfig"]?["responseMimeType"]?.stringValue == "application/json"
            includeUsage = true
            key = header("x-goog-api-key")
        } else {
            return nil
        }
    }

    /// The fault the prompt asks for with `[mock:fault=NAME]`.
    var promptFault: Fault? {
        guard let start = lastUserText.range(of: "[mock:fault=") else { return nil }
        let name = lastUserText[start.upperBound...].prefix { $0 != "]" }
        return Fault(rawValue: String(name))
    }

    /// Prompt tokens, counted as words.
    var promptTokens: Int { texts.reduce(0) { $0 + $1.split(separator: " ").count } }
}
