public import SluiceTemplates

/// One step of a plan: its checked settings, its compiled templates and the steps it waits for.
///
/// How the executor evaluates a step, per fan-out item when `forEach` is set:
/// 1. `forEach` with `inputs` and `steps` gives the list; each item is bound to `itemVariable`.
/// 2. `variables` are evaluated in order (each sees `inputs`, `steps` and the item) and bound by name.
/// 3. `when`, if present, decides whether the step (or item) runs.
/// 4. The body renders with all of the above: `system`, `messages` and `prompt` for model steps;
///    `template` for template steps; `environment` and `standardInput` for run steps.
///
/// Which compiled fields are set follows ``StepDefinition/kind``.
public struct PlannedStep: Sendable {
    /// The step as written, with defaults applied (kind, models, parameters, output mode, timeout…).
    public var definition: StepDefinition
    /// Steps that must finish first: those it references plus those under `needs`, sorted.
    public var dependencies: [String]
    /// The fan-out list expression.
    public var forEach: TemplateExpression?
    /// The run condition.
    public var when: TemplateExpression?
    /// The step's `vars:`, in order.
    public var variables: [PlannedExpression]
    /// A model step's system prompt.
    public var system: Template?
    /// A model step's few-shot turns.
    public var messages: [PlannedMessage]
    /// A model step's final user message.
    public var prompt: Template?
    /// A template step's template.
    public var template: Template?
    /// A run step's environment variables.
    public var environment: [PlannedExpression]
    /// A run step's standard input.
    public var standardInput: Template?

    /// A planned step with only the definition and dependencies; compiled fields start empty.
    public init(definition: StepDefinition, dependencies: [String]) {
        self.definition = definition
        self.dependencies = dependencies
        self.variables = []
        self.messages = []
        self.environment = []
    }

    /// The step's name.
    public var name: String { definition.name }
}
