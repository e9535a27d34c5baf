extension JSONValue {
    /// Parses one JSON value that starts at byte `offset` of `bytes`, leaving whatever follows it alone.
    ///
    /// Returns the value and the byte offset just past it, or `nil` when no complete JSON value starts
    /// there. Output extraction uses this to find a JSON value inside a model's prose.
    public static func parsePrefix(of bytes: [UInt8], from offset: Int) -> (value: JSONValue, end: Int)? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return JSONParser.parsePrefix(of: bytes, from: offset)
    }
}
