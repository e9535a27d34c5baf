/// A failure of the traffic layer itself (not of a provider): the rate-limit ledger could not
/// be opened or written.
public struct TrafficError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// What happened.
    public var message: String
    /// What to do about it.
    public var hint: String

    /// An error with the given fields.
    public init(code: Code, message: String, hint: String) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// `message (hint) [code]`.
    public var description: String { "\(message); \(hint) [\(code.rawValue)]" }

    /// The kinds of traffic failure, as stable kebab-case strings.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The stable spelling.
        public var rawValue: String

        /// A code with the given spelling.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The ledger file could not be created or opened.
        public static let ledgerCannotOpen = Code(rawValue: "ledger-cannot-open")
        /// A budget could not be read or written (another process held the file too long).
        public static let ledgerWriteFailed = Code(rawValue: "ledger-write-failed")
    }
}
