/// The filters a template can apply with `|`, checked when the template is parsed.
///
/// docs/templates.md documents each one; aliases (`d`, `count`) are separate cases so a
/// diagnostic can name what the user wrote.
enum TemplateFilter: String, Sendable, CaseIterable {
    case abs
    case batch
    case capitalize
    case center
    case count
    case d
    case `default`
    case dictsort
    case first
    case float
    case indent
    case int
    case items
    case join
    case json
    case last
    case length
    case list
    case lower
    case map
    case max
    case min
    case reject
    case rejectattr
    case replace
    case reverse
    case round
    case safe
    case select
    case selectattr
    case sort
    case string
    case sum
    case title
    case tojson
    case trim
    case truncate
    case unique
    case upper
    case wordcount

    /// Whether the filter must see an undefined input rather than fail on it (only `default` does).
    var acceptsUndefined: Bool { self == .default || self == .d }
}
