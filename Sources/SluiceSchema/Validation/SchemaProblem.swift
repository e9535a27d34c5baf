import SluiceCore

/// A reason a schema document cannot be used, found while compiling it, located by JSON pointer.
struct SchemaProblem: Sendable {
    var pointer: String
    var code: DiagnosticCode
    var message: String
    var hint: String?
    var severity: Diagnostic.Severity = .error
}
