public import SluiceCore

extension DiagnosticCode {
    /// The template text cannot be parsed: a malformed tag, expression or literal.
    public static let templateSyntax: DiagnosticCode = "template-syntax"
    /// A block such as `{% for %}` or `{% if %}` is never closed, or closed by the wrong tag.
    public static let templateUnclosedBlock: DiagnosticCode = "template-unclosed-block"
    /// A filter name that does not exist.
    public static let templateUnknownFilter: DiagnosticCode = "template-unknown-filter"
    /// A test name (after `is`) that does not exist.
    public static let templateUnknownTest: DiagnosticCode = "template-unknown-test"
    /// A tag that the template language does not support.
    public static let templateUnknownTag: DiagnosticCode = "template-unknown-tag"
    /// A variable, attribute or key used while rendering does not exist.
    public static let templateUndefined: DiagnosticCode = "template-undefined"
    /// An operation got a value of the wrong type, such as adding a string to a number.
    public static let templateTypeError: DiagnosticCode = "template-type-error"
    /// An operation got a value it cannot work with, such as dividing by zero.
    public static let templateValueError: DiagnosticCode = "template-value-error"
    /// A filter or function got arguments it does not accept.
    public static let templateArgumentError: DiagnosticCode = "template-argument-error"
    /// An included template does not exist under the templates root.
    public static let templateIncludeNotFound: DiagnosticCode = "template-include-not-found"
    /// An included template's name would leave the templates root.
    public static let templateIncludeOutsideRoot: DiagnosticCode = "template-include-outside-root"
    /// Templates include each other too deeply, usually a template including itself.
    public static let templateIncludeDepth: DiagnosticCode = "template-include-depth"
    /// A render ran too many loop iterations or produced too much text, or was cancelled.
    public static let templateRenderLimit: DiagnosticCode = "template-render-limit"
}

extension DiagnosticCode {
    /// A template file given on the command line cannot be read.
    public static let templateFileUnreadable: DiagnosticCode = "template-file-unreadable"
    /// A render context is unreadable, not JSON, or not a JSON object.
    public static let templateContextInvalid: DiagnosticCode = "template-context-invalid"
}
