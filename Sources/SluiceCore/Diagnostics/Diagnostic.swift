/// A stable, documented identifier for a kind of problem, such as `unknown-key` or `undefined-variable`.
///
/// Codes never change once published, so tests, scripts and the docs can rely on them. Each module
/// declares the codes it emits as static members in an extension.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The code as printed, in kebab case.
    public var rawValue: String

    /// A code from its printed form.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A code from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The printed form.
    public var description: String { rawValue }
}

/// A problem (or remark) about a user's file, printed like a compiler message.
///
/// Diagnostics are values, not exceptions: loaders collect every problem they find and report
/// them together. Render them with ``DiagnosticRenderer``.
public struct Diagnostic: Sendable, Hashable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Stops the command: the file cannot be used as written.
        case error
        /// Worth fixing, but the command goes on.
        case warning
        /// Extra information attached to the output.
        case note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        /// Errors sort before warnings, warnings before notes.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How serious it is.
    public var severity: Severity
    /// The stable code naming the kind of problem.
    public var code: DiagnosticCode
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is; `nil` when the problem is not tied to a file position.
    public var location: SourceLocation?
    /// What to do about it, when there is something specific to say.
    public var hint: String?

    /// A diagnostic with every field given.
    public init(
        severity: Severity, code: DiagnosticCode, message: String, location: SourceLocation?, hint: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// An error diagnostic.
    public static func error(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation?, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(severity: .error, code: code, message: message, location: location, hint: hint)
    }

    /// A warning diagnostic.
    public static func warning(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation?, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, message: message, location: location, hint: hint)
    }

    /// The first line of the rendered form: `file:line:column: error: message [code]`.
    public var headline: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message) [\(code)]"
    }

    /// The diagnostic as a JSON object, for `--json` output.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "severity": .string(severity.rawValue),
            "code": .string(code.rawValue),
            "message": .string(message),
        ]
        if let location {
            object["file"] = .string(location.file)
            object["line"] = .integer(location.line)
            object["column"] = .integer(location.column)
        }
        if let hint { object["hint"] = .string(hint) }
        return .object(object)
    }
}

/// An error that carries one or more diagnostics: what loaders and renderers throw.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in the order found.
    public var diagnostics: [Diagnostic]

    /// An error carrying `diagnostics`.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// An error carrying one diagnostic.
    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    /// The headlines, one per line.
    public var description: String {
        diagnostics.map(\.headline).joined(separator: "\n")
    }
}
