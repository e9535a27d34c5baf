public import SluiceCore
public import SluiceProviders
public import SluiceTemplates

/// What one unit of a step (the step, or one fan-out item) sends, rendered from its context: a
/// model step's messages, a template step's text, a run step's environment and standard input.
public struct StepPayload: Sendable, Hashable {
    /// One environment variable a run step sets.
    public struct Variable: Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// Its value: text as it is, anything else as compact JSON.
        public var value: String
    }

    /// A model step's conversation: `system:`, then `messages:`, then `prompt:` as the last user message.
    public var messages: [ChatMessage] = []
    /// A template step's rendered text.
    public var templateText: String?
    /// A run step's `env:` values, in the order written.
    public var environment: [Variable] = []
    /// A run step's rendered `stdin:`.
    public var standardInput: String?
}

/// The one place a planned step meets its values: the context a unit sees, whether it runs, and
/// what it sends. `sluice run` (the engine) and `sluice prompt` both go through it, so what the
/// prompt command shows is what a run sends.
public struct StepBinding: Sendable {
    /// The step.
    public let step: PlannedStep
    /// The plan's template environment (filters, includes).
    public let environment: TemplateEnvironment

    /// A binding of `step` in `plan`.
    public init(_ step: PlannedStep, in plan: PipelinePlan) {
        self.step = step
        self.environment = plan.templateEnvironment
    }

    /// The list a `for_each` step fans out over, evaluated in `context`.
    ///
    /// - Throws: `for-each-not-list` when the expression gives anything but a list, or the
    ///   expression's own evaluation error.
    public func items(in context: JSONObject) throws(DiagnosticError) -> [JSONValue]? {
        guard let forEach = step.forEach else { return nil }
        let list = try forEach.evaluate(context: context, environment: environment)
        guard case .array(let items) = list else {
            throw DiagnosticError(
                .error(
                    .forEachNotList, "'for_each' of step '\(step.name)' gave \(list.typeName), not a list",
                    at: step.definition.forEach?.start ?? step.definition.location))
        }
        return items
    }

    /// The context one unit sees: `base` (inputs and finished steps), the fan-out `item` under
    /// the step's item variable, then the step's `vars`, each evaluated before any is set.
    public func context(base: JSONObject, item: JSONValue?) throws(DiagnosticError) -> JSONObject {
        var context = base
        if let item { context[step.definition.itemVariable ?? "item"] = item }
        var values: [(String, JSONValue)] = []
        for variable in step.variables {
            values.append((variable.name, try variable.expression.evaluate(context: context, environment: environment)))
        }
        for (name, value) in values { context[name] = value }
        return context
    }

    /// Whether the unit runs: its `when` holds in `context` (or it has none).
    public func runs(in context: JSONObject) throws(DiagnosticError) -> Bool {
        guard let when = step.when else { return true }
        return try when.evaluate(context: context, environment: environment).isTruthy
    }

    /// Everything the unit sends, rendered in `context`.
    public func payload(in context: JSONObject) throws(DiagnosticError) -> StepPayload {
        var payload = StepPayload()
        if let system = step.system {
            payload.messages.append(.system(try system.render(context: context, environment: environment)))
        }
        for message in step.messages {
            let text = try message.content.render(context: context, environment: environment)
            switch message.role {
            case .system: payload.messages.append(.system(text))
            case .user: payload.messages.append(.user(text))
            case .assistant: payload.messages.append(.assistant(text))
            }
        }
        if let prompt = step.prompt {
            payload.messages.append(.user(try prompt.render(context: context, environment: environment)))
        }
        payload.templateText = try step.template?.render(context: context, environment: environment)
        for variable in step.environment {
            let value = try variable.expression.evaluate(context: context, environment: environment)
            payload.environment.append(
                StepPayload.Variable(name: variable.name, value: value.stringValue ?? value.formatted(.compact)))
        }
        payload.standardInput = try step.standardInput?.render(context: context, environment: environment)
        return payload
    }
}

extension PipelinePlan {
    /// The context every step of a run starts from: `inputs`, and `steps`, which maps each
    /// finished step's name to `{"output": …}` (what `steps.NAME.output` reads).
    public func runContext(inputs: JSONObject, steps: JSONObject) -> JSONObject {
        ["inputs": .object(inputs), "steps": .object(steps)]
    }
}
