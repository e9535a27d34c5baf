extension JSONObject {
    /// The members keyed by name, in no particular order: iterating it skips the per-key lookup
    /// that ordered iteration costs, for hot loops where order does not matter (schema validation).
    public var unorderedMembers: [String: JSONValue] { storageForUnorderedAccess }
}
