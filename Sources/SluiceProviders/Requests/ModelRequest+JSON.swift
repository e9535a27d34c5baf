public import SluiceCore

extension ModelRequest {
    /// The request as JSON, in a fixed key order with unset parameters left out: what the store
    /// records for an attempt (before any adapter-specific wire format) and what the `local`
    /// provider hashes.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["model"] = .string(model)
        object["messages"] = .array(
            messages.map { message in ["role": .string(message.role.rawValue), "content": .string(message.content)] }
        )
        if let temperature { object["temperature"] = .double(temperature) }
        if let topP { object["top_p"] = .double(topP) }
        if let maxTokens { object["max_tokens"] = .integer(maxTokens) }
        if !stop.isEmpty { object["stop"] = .array(stop.map(JSONValue.string)) }
        if let seed { object["seed"] = .integer(seed) }
        switch output {
        case .text:
            object["output"] = ["mode": "text"]
        case .json(let schema):
            object["output"] = ["mode": "json", "schema": schema]
        case .xml(let tags):
            object["output"] = ["mode": "xml", "tags": .array(tags.map(JSONValue.string))]
        }
        object["stream"] = .bool(stream)
        if !extraParameters.isEmpty { object["params"] = .object(extraParameters) }
        return .object(object)
    }
}
