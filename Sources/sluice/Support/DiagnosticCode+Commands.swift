import SluiceCore

/// Every code the `sluice` executable gives its own diagnostics: the one catalogue for the module.
extension DiagnosticCode {
    // MARK: - sluice schema check

    /// An instance file given to `sluice schema check` cannot be read.
    static let unreadableInstance: DiagnosticCode = "unreadable-instance"

    // MARK: - sluice test

    /// A `--case` naming no test case of the pipelines being tested.
    static let unknownTestCase: DiagnosticCode = "unknown-test-case"
}
