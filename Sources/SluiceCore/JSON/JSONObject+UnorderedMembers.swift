extension JSONObject {
    /// Calls `body` with each member in no particular order, without the per-key lookup that
    /// ordered iteration costs; for hot loops where order does not matter (schema validation).
    public func forEachUnorderedMember(_ body: (String, JSONValue) throws -> Void) rethrows {
        for (key, value) in storageForUnorderedAccess { try body(key, value) }
    }
}
