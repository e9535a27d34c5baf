/// Every code `SluiceCore` gives its diagnostics: the one catalogue for the module.
extension DiagnosticCode {
    // MARK: - Durations

    /// A duration that is not a number followed by a unit.
    public static let invalidDuration: DiagnosticCode = "invalid-duration"
}
