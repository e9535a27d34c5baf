/// Every code `SluiceCore` gives its diagnostics: the one catalogue for the module.
extension DiagnosticCode {
    // MARK: - Durations

    /// A duration that is not a number followed by a unit.
    public static let invalidDuration: DiagnosticCode = "invalid-duration"

    // MARK: - Files

    /// A file that is not UTF-8 text: invalid bytes, a UTF-16 or UTF-32 byte-order mark, a NUL byte.
    public static let notText: DiagnosticCode = "not-text"
    /// A template, prompt, schema or included file that leaves its folder: a path with `..` or a
    /// leading `/`, a value shaped like an absolute path, or a symbolic link whose target is outside.
    public static let pathOutsideProject: DiagnosticCode = "path-outside-project"
}
