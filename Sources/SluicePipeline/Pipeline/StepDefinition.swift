public import SluiceCore

/// One step as written in a pipeline file, checked field by field and with defaults applied.
///
/// Templates and expressions are still text here (``SourceText``); the planner compiles them and
/// works out dependencies to make a ``PlannedStep``.
public struct StepDefinition: Sendable {
    /// The step's name, its key under `steps:`.
    public var name: String
    /// Where the name is written.
    public var location: SourceLocation
    /// A one-line description, for `graph` and reports.
    public var description: String?
    /// What the step does, with the settings of its kind.
    public var settings: StepSettings
    /// `model`, `template` or `run`: the kind of ``settings``.
    public var kind: StepKind { settings.kind }
    /// The list expression to fan out over, if the step runs once per item.
    public var forEach: SourceText?
    /// The name each item is bound to inside the step (`as:`; `item` by default).
    public var itemVariable: String?
    /// Items in flight at once for a fan-out.
    public var concurrency: Int
    /// The condition that must hold for the step (or each fan-out item) to run.
    public var when: SourceText?
    /// Steps that must finish first although nothing from them is referenced.
    public var needs: [NameReference]
    /// Named expressions evaluated before the step renders, visible by name inside it.
    public var variables: [NamedExpression]
    /// The time one attempt (or one fan-out item's attempt) may take.
    public var timeout: Duration
    /// Whether a cached result may be reused.
    public var cache: Bool

    /// A step with every field given.
    public init(
        name: String, location: SourceLocation, description: String?, settings: StepSettings, forEach: SourceText?,
        itemVariable: String?, concurrency: Int, when: SourceText?, needs: [NameReference],
        variables: [NamedExpression], timeout: Duration, cache: Bool
    ) {
        self.name = name
        self.location = location
        self.description = description
        self.settings = settings
        self.forEach = forEach
        self.itemVariable = itemVariable
        self.concurrency = concurrency
        self.when = when
        self.needs = needs
        self.variables = variables
        self.timeout = timeout
        self.cache = cache
    }
}

/// A name written in a file, such as a step listed under `needs:`.
public struct NameReference: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Where it is written.
    public var location: SourceLocation

    /// `name` at `location`.
    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A name bound to an expression: an entry of `vars:`, `env:` or `outputs:`.
public struct NamedExpression: Sendable {
    /// The name.
    public var name: String
    /// Where the name is written.
    public var location: SourceLocation
    /// The expression.
    public var expression: SourceText

    /// `name` bound to `expression`.
    public init(name: String, location: SourceLocation, expression: SourceText) {
        self.name = name
        self.location = location
        self.expression = expression
    }
}
