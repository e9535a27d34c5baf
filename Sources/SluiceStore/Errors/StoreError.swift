public import SluiceCore

/// An error from the run store, with a stable code, a message and a hint saying what to do next.
///
/// Codes are kebab-case and stable, so tests and documentation can name them:
/// `store-not-a-database`, `store-cannot-open`, `store-newer-schema`, `store-write-failed`,
/// `store-read-failed`, `store-missing-record`, `run-not-found`, `run-id-ambiguous`, `run-id-invalid`.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable code naming the kind of problem.
    public var code: DiagnosticCode
    /// What happened, in one sentence.
    public var message: String
    /// What the user can do about it.
    public var hint: String?

    /// An error with the given code, message and hint.
    public init(code: DiagnosticCode, message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// The error as a diagnostic, for rendering like any other problem.
    public var diagnostic: Diagnostic {
        .error(code, message, at: nil, hint: hint)
    }

    /// The message followed by the code, as a compiler prints it.
    public var description: String { "\(message) [\(code)]" }
}
