internal import SluiceCore

/// A failed operation on values, before it is given the location of the expression that caused it.
struct OperationFailure: Error {
    var code: DiagnosticCode
    var message: String
    var hint: String?

    static func type(_ message: String, hint: String? = nil) -> OperationFailure {
        OperationFailure(code: .templateTypeError, message: message, hint: hint)
    }

    static func value(_ message: String, hint: String? = nil) -> OperationFailure {
        OperationFailure(code: .templateValueError, message: message, hint: hint)
    }

    static func argument(_ message: String, hint: String? = nil) -> OperationFailure {
        OperationFailure(code: .templateArgumentError, message: message, hint: hint)
    }
}
