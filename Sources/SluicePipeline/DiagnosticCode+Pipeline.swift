public import SluiceCore

/// Every code SluicePipeline gives its diagnostics: the one catalogue for the module.
extension DiagnosticCode {
    // MARK: - Rendering and binding steps

    /// `sluice prompt` for a step whose prompt needs other steps' outputs, or a bad `--item`.
    public static let promptUnavailable: DiagnosticCode = "prompt-unavailable"
    /// A `for_each` expression gave something other than a list.
    public static let forEachNotList: DiagnosticCode = "for-each-not-list"

    // MARK: - sluice.yaml: models and aliases

    /// A model name whose provider is neither a preset nor configured.
    public static let unknownProvider: DiagnosticCode = "unknown-provider"
    /// A model name without `provider/` that is not an alias either.
    public static let unknownModel: DiagnosticCode = "unknown-model"
    /// Model aliases that refer to each other in a circle.
    public static let aliasCycle: DiagnosticCode = "alias-cycle"

    // MARK: - sluice init

    /// `sluice init` into a folder where some of its files already exist.
    public static let wouldOverwrite: DiagnosticCode = "would-overwrite"
    /// A file or folder that could not be written.
    public static let writeFailed: DiagnosticCode = "write-failed"

    // MARK: - Pipeline files

    /// A pipeline file with no steps, or one that is empty.
    public static let emptyPipeline: DiagnosticCode = "empty-pipeline"
    /// A step whose body does not say what it does, or names a kind Sluice does not run.
    public static let unknownStepKind: DiagnosticCode = "unknown-step-kind"
    /// Fields that cannot be used together, such as `prompt` with `template`.
    public static let conflictingFields: DiagnosticCode = "conflicting-fields"
    /// A step, input, variable or output name that is not an identifier.
    public static let invalidName: DiagnosticCode = "invalid-name"
    /// A model step with no model and no default model.
    public static let missingModel: DiagnosticCode = "missing-model"
    /// A `steps.X` or `needs: [X]` naming no step.
    public static let unknownStep: DiagnosticCode = "unknown-step"
    /// A one-word template value shaped like a file path but without a template extension, so taken as text (a warning).
    public static let textLooksLikePath: DiagnosticCode = "text-looks-like-path"
    /// A template file that does not exist.
    public static let templateNotFound: DiagnosticCode = "template-not-found"
    /// A schema file that does not exist.
    public static let schemaNotFound: DiagnosticCode = "schema-not-found"
    /// An input's `default` that does not satisfy the input's own schema.
    public static let invalidDefault: DiagnosticCode = "invalid-default"
    /// A `run:` command containing template syntax, which would splice values into a command line.
    public static let templateInCommand: DiagnosticCode = "template-in-command"

    // MARK: - Pipeline files: schedule

    /// A `timezone` that is not an IANA time zone name.
    public static let unknownTimeZone: DiagnosticCode = "unknown-time-zone"

    // MARK: - Pipeline files: tests

    /// A test assertion naming an output the pipeline does not declare under `outputs:`.
    public static let unknownOutput: DiagnosticCode = "unknown-output"
    /// A test assertion's `regex` that is not a valid ECMA-262 regular expression.
    public static let invalidPattern: DiagnosticCode = "invalid-pattern"
    /// A test assertion's `path` that is neither a JSON Pointer nor a dotted path.
    public static let invalidPath: DiagnosticCode = "invalid-path"

    // MARK: - Inputs given to a run

    /// A `-i name=value` whose name the pipeline does not declare, or that is malformed.
    public static let unknownInputArgument: DiagnosticCode = "unknown-input-argument"
    /// A required input that was not given.
    public static let missingInput: DiagnosticCode = "missing-input"
    /// An input value that does not satisfy the input's schema.
    public static let invalidInput: DiagnosticCode = "invalid-input"

    // MARK: - Dependencies

    /// Steps that depend on each other in a circle.
    public static let dependencyCycle: DiagnosticCode = "dependency-cycle"

    // MARK: - References in templates and expressions

    /// `inputs.X` where the pipeline declares no input X.
    public static let unknownInput: DiagnosticCode = "unknown-input"
    /// A template variable that is neither `inputs`, `steps`, the step's item nor one of its `vars`.
    public static let unknownVariable: DiagnosticCode = "unknown-variable"
    /// A step's fan-out item variable used outside that step.
    public static let loopVariableOutsideStep: DiagnosticCode = "loop-variable-outside-step"
    /// `steps.X.something` where `something` is not a field a step result has.
    public static let unknownStepField: DiagnosticCode = "unknown-step-field"

    // MARK: - Finding the project

    /// No Sluice project was found from the working directory, or `--project` names no folder.
    public static let projectNotFound: DiagnosticCode = "project-not-found"
    /// A pipeline name given on the command line that has no file.
    public static let unknownPipeline: DiagnosticCode = "unknown-pipeline"

    // MARK: - Secrets in files

    /// An API key written into a YAML file instead of read from the environment.
    public static let apiKeyInFile: DiagnosticCode = "api-key-in-file"

    // MARK: - YAML fields

    /// A key that is not part of the format at this place.
    public static let unknownKey: DiagnosticCode = "unknown-key"
    /// A value of the wrong type: a mapping where a list was expected, text where a number was.
    public static let wrongType: DiagnosticCode = "wrong-type"
    /// A value of the right type that is out of range or not one of the allowed choices.
    public static let invalidValue: DiagnosticCode = "invalid-value"
    /// A required key that is absent.
    public static let missingField: DiagnosticCode = "missing-field"

    // MARK: - YAML syntax

    /// YAML that cannot be parsed: bad indentation, a tab where spaces are needed, an unclosed quote.
    public static let yamlSyntax: DiagnosticCode = "yaml-syntax"
    /// A file larger than Sluice reads, or aliases that expand into more nodes than it accepts.
    public static let fileTooLarge: DiagnosticCode = "file-too-large"
    /// A mapping key that is written twice.
    public static let duplicateKey: DiagnosticCode = "duplicate-key"
    /// A mapping key that is itself a list or mapping.
    public static let complexKey: DiagnosticCode = "complex-key"
    /// A file holding more than one YAML document (`---` separators).
    public static let multipleDocuments: DiagnosticCode = "multiple-documents"
}
