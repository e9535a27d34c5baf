/// The names a template or expression may use, which depend on where it is written.
///
/// Every template sees `inputs.<declared input>` and `steps.<other step>.output`. Inside a step,
/// its fan-out item (`as:`) and its `vars:` are visible too, except in `for_each` itself (which
/// runs before there is an item) and in `vars:` (which cannot see each other).
struct ReferenceScope {
    /// The step the text belongs to; `nil` for pipeline `outputs:`.
    var stepName: String?
    /// The step's fan-out item variable, when visible here.
    var itemVariable: String?
    /// The step's `vars:` names, when visible here.
    var variables: [String]
    /// Names every step's fan-out item is bound to, for "only inside its step" hints.
    var loopVariablesOfSteps: [String: String]

    /// Names that may start a reference here, for did-you-mean hints.
    var visibleRoots: [String] {
        ["inputs", "steps"] + (itemVariable.map { [$0] } ?? []) + variables
    }
}
