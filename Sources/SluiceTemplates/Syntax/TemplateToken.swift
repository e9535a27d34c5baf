internal import SluiceCore

/// One token of a template: a piece of literal text, a delimiter, or a piece of an expression.
struct TemplateToken: Sendable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        /// Literal text between tags, already trimmed by whitespace control.
        case text(String)
        /// `{{`.
        case variableBegin
        /// `}}`.
        case variableEnd
        /// `{%`.
        case blockBegin
        /// `%}`.
        case blockEnd
        /// A name: a variable, keyword, filter or test.
        case name(String)
        /// A string literal with its escapes resolved.
        case string(String)
        /// An integer literal.
        case integer(Int)
        /// A float literal.
        case float(Double)
        /// An operator or punctuation mark such as `+`, `//`, `(` or `|`.
        case symbol(String)
        /// The end of the text.
        case end
    }

    /// What the token is.
    var kind: Kind
    /// The offset (in Unicode scalars) where the token starts.
    var offset: Int

    /// A short description for syntax errors: `'endfor'`, `end of template`.
    var describedForError: String {
        switch kind {
        case .text: "text"
        case .variableBegin: "'{{'"
        case .variableEnd: "'}}'"
        case .blockBegin: "'{%'"
        case .blockEnd: "'%}'"
        case .name(let name): "'\(name)'"
        case .string: "a string"
        case .integer(let value): "'\(value)'"
        case .float(let value): "'\(value.pythonDescription)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the template"
        }
    }
}
