public import SluiceCore

/// What a step does, with the settings of its kind.
public enum StepSettings: Sendable {
    /// Calls a model.
    case model(ModelStepSettings)
    /// Renders a template, with no model call.
    case template(TemplateStepSettings)
    /// Runs a command.
    case run(RunStepSettings)

    /// `model`, `template` or `run`: the kind the run's events, the store and `show` name.
    public var kind: StepKind {
        switch self {
        case .model: .model
        case .template: .template
        case .run: .run
        }
    }
}

/// One few-shot turn of a model step's `messages:`.
public struct MessageSource: Sendable {
    /// Who speaks.
    public enum Role: String, Sendable, CaseIterable {
        /// Instructions.
        case system
        /// The person.
        case user
        /// The model.
        case assistant
    }

    /// Who speaks.
    public var role: Role
    /// What is said, as a template.
    public var content: SourceText

    /// A turn by `role` saying `content`.
    public init(role: Role, content: SourceText) {
        self.role = role
        self.content = content
    }
}

/// Everything a model step sends, with pipeline defaults applied.
public struct ModelStepSettings: Sendable {
    /// The fallback chain, fully resolved: first is tried first.
    public var models: [ModelReference]
    /// The system prompt.
    public var system: SourceText?
    /// Few-shot turns sent before `prompt`.
    public var messages: [MessageSource]
    /// The final user message; `nil` when `messages` ends the conversation itself.
    public var prompt: SourceText?
    /// Sampling temperature; `nil` leaves the provider's default.
    public var temperature: Double?
    /// Nucleus sampling; `nil` leaves the provider's default.
    public var topP: Double?
    /// The most tokens the model may produce; `nil` leaves the provider's default.
    public var maximumTokens: Int?
    /// Sequences that end generation.
    public var stop: [String]
    /// A sampling seed, where the provider supports one.
    public var seed: Int?
    /// Retries per model after the first attempt, before falling back.
    public var retries: Int
    /// `retry.base`: the ceiling of the first retry's wait; `nil` keeps the run's default.
    public var retryBase: Duration?
    /// `retry.cap`: the largest wait, and the longest provider delay waited for; `nil` keeps the
    /// run's default.
    public var retryCap: Duration?
    /// What the output is.
    public var output: OutputMode
    /// Whether tokens are shown as they arrive.
    public var stream: Bool
    /// What happens when a streamed answer breaks off after some of it was shown (`on_stream_error`).
    public var onStreamError: StreamErrorPolicy
    /// Extra request fields passed through to the provider unchanged.
    public var parameters: JSONObject

    /// Settings with every field given.
    public init(
        models: [ModelReference], system: SourceText?, messages: [MessageSource], prompt: SourceText?,
        temperature: Double?, topP: Double?, maximumTokens: Int?, stop: [String], seed: Int?, retries: Int,
        output: OutputMode, stream: Bool, parameters: JSONObject, retryBase: Duration? = nil,
        retryCap: Duration? = nil, onStreamError: StreamErrorPolicy = .restart
    ) {
        self.models = models
        self.system = system
        self.messages = messages
        self.prompt = prompt
        self.temperature = temperature
        self.topP = topP
        self.maximumTokens = maximumTokens
        self.stop = stop
        self.seed = seed
        self.retries = retries
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.output = output
        self.stream = stream
        self.onStreamError = onStreamError
        self.parameters = parameters
    }
}

/// A template step: renders text from earlier outputs with no model call.
public struct TemplateStepSettings: Sendable {
    /// The template to render.
    public var template: SourceText
    /// `text`, or `json` to parse the rendered text as JSON.
    public var output: OutputMode

    /// Settings with every field given.
    public init(template: SourceText, output: OutputMode) {
        self.template = template
        self.output = output
    }
}

/// A run step: a command whose values arrive only through the environment and stdin.
public struct RunStepSettings: Sendable {
    /// How the command is given.
    public enum Command: Sendable, Hashable {
        /// Executed directly, no shell: the first element is the program.
        case arguments([String])
        /// Run with `sh -c`; the text is taken as written, never templated.
        case shell(String)
    }

    /// The command.
    public var command: Command
    /// Environment variables set from expressions, on top of the inherited environment.
    public var environment: [NamedExpression]
    /// Text rendered and written to the command's standard input.
    public var standardInput: SourceText?
    /// `text` (stdout as written) or `json` (stdout parsed as JSON).
    public var output: OutputMode

    /// Settings with every field given.
    public init(command: Command, environment: [NamedExpression], standardInput: SourceText?, output: OutputMode) {
        self.command = command
        self.environment = environment
        self.standardInput = standardInput
        self.output = output
    }
}
