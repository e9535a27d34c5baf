public import SluiceCore
internal import SluiceSchema

/// Reads one pipeline file into a ``PipelineDefinition``, collecting every problem in one pass.
///
/// Templates named by path are read from `templates/` and schema files from the project, each
/// once, through ``ProjectFiles``. The definition is returned whenever the file's shape allows,
/// even with errors, so later checks (references, cycles) can still run and report.
public struct PipelineLoader {
    /// The project's config (providers and aliases for model names).
    public let config: ProjectConfig
    /// The project's files, shared across loads so each is read once.
    public var files: ProjectFiles
    var reader = YAMLReader()
    var file = ""
    /// The current file's lines, split on `\n` once on first need (mapping inline text back to the file).
    var fileLines: [Substring]?
    /// Schema files compiled so far, so a schema shared by several steps is compiled once.
    var schemaCache: [String: Schema] = [:]

    static let topLevelKeys = ["description", "schedule", "inputs", "defaults", "budget", "steps", "outputs", "tests"]
    static let modelKeys = [
        "model", "system", "prompt", "messages", "temperature", "top_p", "max_tokens", "stop", "seed", "retries",
        "retry", "repairs", "stream", "on_stream_error", "params",
    ]
    static let defaultKeys = modelKeys.filter { $0 != "prompt" && $0 != "messages" } + ["timeout", "cache"]
    static let commonStepKeys = [
        "description", "when", "for_each", "as", "concurrency", "needs", "vars", "timeout", "cache", "output",
    ]
    static let runKeys = ["run", "env", "stdin"]
    static let stepKeys = commonStepKeys + modelKeys + ["template"] + runKeys

    /// Default step settings the docs promise.
    static let defaultModelTimeout = Duration.seconds(120)
    static let defaultRunTimeout = Duration.seconds(300)
    static let defaultConcurrency = 8
    static let defaultRetries = 2
    /// Repair turns per model for an answer that is not valid output (docs/structured-output.md).
    static let defaultRepairs = 2

    /// A loader resolving models against `config` and reading through `files`.
    public init(config: ProjectConfig, files: ProjectFiles) {
        self.config = config
        self.files = files
    }

    /// Loads the pipeline `name` whose file (relative to the root) is `file` and whose text is `text`.
    public mutating func load(
        name: String, file: String, text: String
    ) -> (
        definition: PipelineDefinition?, diagnostics: [Diagnostic]
    ) {
        self.file = file
        fileLines = nil
        reader = YAMLReader()
        files.store(text, for: file)
        let parsed = YAMLDocumentParser.parse(text: text, file: file)
        reader.diagnostics = parsed.diagnostics
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let root = parsed.root, !root.isNull else {
            if parsed.diagnostics.isEmpty {
                reader.report(
                    .error(
                        .emptyPipeline, "pipeline file is empty", at: start,
                        hint: "add a 'steps:' mapping; 'sluice init' writes an example"))
            }
            return (nil, reader.diagnostics)
        }
        reader.diagnostics += SecretScanner.scan(root)
        guard let entries = reader.mapping(root, for: name, expected: "a mapping with 'steps:'") else {
            return (nil, reader.diagnostics)
        }
        reader.checkKeys(entries, allowed: Self.topLevelKeys, in: "a pipeline")
        var definition = PipelineDefinition(
            name: name, file: file, description: nil, schedule: nil, inputs: [], maximumCost: nil, steps: [],
            outputs: [])
        if let node = entries.value("description") {
            definition.description = reader.string(node, for: "description")
        }
        if let node = entries.value("inputs") { definition.inputs = readInputs(node) }
        if let node = entries.value("schedule") { definition.schedule = readSchedule(node, inputs: definition.inputs) }
        if let node = entries.value("budget"), let budget = reader.mapping(node, for: "budget") {
            reader.checkKeys(budget, allowed: ["max_usd"], in: "budget")
            if let maximum = budget.value("max_usd") {
                definition.maximumCost = reader.number(maximum, for: "max_usd", in: 0...Double.greatestFiniteMagnitude)
            } else {
                reader.report(
                    .error(
                        .missingField, "'budget' needs 'max_usd'", at: node.location,
                        hint: "write 'budget: { max_usd: 1.50 }'"))
            }
        }
        var defaults = ModelFields()
        if let node = entries.value("defaults") { defaults = readDefaults(node) }
        if let node = entries.entry("steps") {
            definition.steps = readSteps(node.value, defaults: defaults)
        } else {
            reader.report(
                .error(
                    .missingField, "pipeline has no 'steps'", at: start, hint: "add a 'steps:' mapping of named steps"))
        }
        if let node = entries.value("outputs") { definition.outputs = readNamedExpressions(node, for: "outputs") }
        if let node = entries.value("tests") { definition.tests = readTests(node, definition: definition) }
        checkNeeds(definition.steps)
        return (definition, reader.diagnostics)
    }

    // MARK: - Pipeline fields

    private mutating func readInputs(_ node: YAMLNode) -> [InputDeclaration] {
        guard let entries = reader.mapping(node, for: "inputs", expected: "a mapping of input names to JSON Schemas")
        else { return [] }
        var inputs: [InputDeclaration] = []
        for entry in entries {
            guard checkIdentifier(entry.key, at: entry.keyLocation, what: "input") else { continue }
            guard entry.value.mappingEntries != nil || entry.value.isNull else {
                reader.reportWrongType(
                    entry.value, expected: "a JSON Schema mapping such as '{ type: string }'", for: entry.key)
                continue
            }
            let document = entry.value.isNull ? JSONValue.object([:]) : entry.value.jsonValue
            guard let schema = compileSchema(document, writtenAs: entry.value) else { continue }
            let defaultValue = document["default"]
            if let defaultValue {
                let result = schema.validate(defaultValue)
                if !result.isValid {
                    let location = entry.value.mappingEntries?.entry("default")?.value.location ?? entry.value.location
                    let problems = result.oneLineSummary()
                    reader.report(
                        .error(
                            .invalidDefault,
                            "the default of input '\(entry.key)' does not match its schema: \(problems)",
                            at: location, hint: "change the default, or the schema"))
                }
            }
            inputs.append(
                InputDeclaration(
                    name: entry.key, location: entry.keyLocation, schema: schema, defaultValue: defaultValue))
        }
        return inputs
    }

    mutating func readNamedExpressions(_ node: YAMLNode, for name: String) -> [NamedExpression] {
        guard let entries = reader.mapping(node, for: name, expected: "a mapping of names to expressions") else {
            return []
        }
        var result: [NamedExpression] = []
        for entry in entries {
            let isEnvironment = name == "env"
            let valid =
                isEnvironment
                ? checkEnvironmentName(entry.key, at: entry.keyLocation)
                : checkIdentifier(entry.key, at: entry.keyLocation, what: name == "outputs" ? "output" : "variable")
            guard valid, let expression = expressionText(entry.value, for: entry.key) else { continue }
            result.append(NamedExpression(name: entry.key, location: entry.keyLocation, expression: expression))
        }
        return result
    }

    private mutating func checkNeeds(_ steps: [StepDefinition]) {
        let names = steps.map(\.name)
        for step in steps {
            for need in step.needs {
                if need.name == step.name {
                    reader.report(
                        .error(
                            .dependencyCycle, "step '\(step.name)' needs itself", at: need.location,
                            hint: "remove '\(need.name)' from 'needs'"))
                } else if !names.contains(need.name) {
                    reader.report(
                        .error(
                            .unknownStep, "'needs' names unknown step '\(need.name)'", at: need.location,
                            hint: NameSuggestion.hint(for: need.name, in: names)
                                ?? "steps in this pipeline: \(names.joined(separator: ", "))"))
                }
            }
        }
    }

    // MARK: - Names

    mutating func checkIdentifier(_ name: String, at location: SourceLocation, what: String) -> Bool {
        if Self.isIdentifier(name) { return true }
        reader.report(
            .error(
                .invalidName, "\(what) name '\(name)' is not a valid name", at: location,
                hint:
                    "use letters, digits and underscores, starting with a letter or underscore (templates read it as '\(what == "step" ? "steps." : what == "input" ? "inputs." : "")\(name)')"
            ))
        return false
    }

    mutating func checkEnvironmentName(_ name: String, at location: SourceLocation) -> Bool {
        if ProjectConfigLoader.isEnvironmentVariableName(name) { return true }
        reader.report(
            .error(
                .invalidName, "environment variable name '\(name)' is not valid", at: location,
                hint: "use letters, digits and underscores, not starting with a digit, such as GIT_RANGE"))
        return false
    }

    /// Whether `name` can be written in a template: a letter or underscore, then letters, digits and underscores.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}
