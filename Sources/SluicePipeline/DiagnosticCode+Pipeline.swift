public import SluiceCore

extension DiagnosticCode {
    /// `sluice prompt` for a step whose prompt needs other steps' outputs, or a bad `--item`.
    public static let promptUnavailable: DiagnosticCode = "prompt-unavailable"
    /// A `for_each` expression gave something other than a list.
    public static let forEachNotList: DiagnosticCode = "for-each-not-list"
}
