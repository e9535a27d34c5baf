/// Why a run, step, fan-out item or attempt failed or stopped: a code, a message, where, and what
/// to do next.
///
/// One failure type travels from where the failure happens (a command's exit, a provider's error,
/// an output that does not match its schema) through the run's events and the store to `sluice
/// show`, so the code is never lost to a string on the way. Render it with ``diagnostic`` and
/// `DiagnosticRenderer`; each module lists the codes it raises in one catalogue
/// (`DiagnosticCode+Engine.swift` and so on).
public struct RunFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable code naming the kind of failure, e.g. `command-failed`.
    public var code: DiagnosticCode
    /// What happened; may run over several lines (a command's stderr, schema problems).
    public var message: String
    /// The place in a user's file the failure is about (the step, the `for_each`), when there is one.
    public var location: SourceLocation?
    /// What to do next, when there is something specific to say.
    public var hint: String?

    /// A failure with every part given.
    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// The failure a diagnostic describes.
    public init(_ diagnostic: Diagnostic) {
        self.init(diagnostic.code, diagnostic.message, at: diagnostic.location, hint: diagnostic.hint)
    }

    /// The failure as an error diagnostic, for ``DiagnosticRenderer``.
    public var diagnostic: Diagnostic {
        .error(code, message, at: location, hint: hint)
    }

    /// `file:line:column: error: message [code]`, then ` = hint: …` on its own line when there is
    /// one: the diagnostic renderer's form, without source lines.
    public var description: String {
        rendered(as: .error)
    }

    /// The diagnostic renderer's form with `severity` (`warning` for a problem the run went on
    /// past, such as a provider account set aside).
    public func rendered(as severity: Diagnostic.Severity, usesColor: Bool = false) -> String {
        DiagnosticRenderer(usesColor: usesColor).render(
            Diagnostic(severity: severity, code: code, message: message, location: location, hint: hint))
    }

    /// The failure as a JSON object: `code`, `message`, and `file`, `line`, `column`, `hint` when
    /// known (a diagnostic's JSON without its severity).
    public var jsonValue: JSONValue {
        var object = diagnostic.jsonValue.objectValue ?? [:]
        object["severity"] = nil
        return .object(object)
    }

    /// The failure read back from ``jsonValue``; `nil` when `value` has no code and message.
    public init?(json value: JSONValue) {
        guard let object = value.objectValue, let code = object["code"]?.stringValue,
            let message = object["message"]?.stringValue
        else { return nil }
        var location: SourceLocation?
        if let file = object["file"]?.stringValue, let line = object["line"]?.intValue,
            let column = object["column"]?.intValue
        {
            location = SourceLocation(file: file, line: line, column: column)
        }
        self.init(DiagnosticCode(rawValue: code), message, at: location, hint: object["hint"]?.stringValue)
    }
}
