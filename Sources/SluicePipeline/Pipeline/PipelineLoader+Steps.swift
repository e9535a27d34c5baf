internal import SluiceCore

/// Model-step settings read from `defaults:` or from a step; a step's value wins over the default.
struct ModelFields {
    var models: [ModelReference]?
    var system: SourceText?
    var temperature: Double?
    var topP: Double?
    var maximumTokens: Int?
    var stop: [String]?
    var seed: Int?
    var retries: Int?
    /// `retry.base` and `retry.cap`: the backoff's first ceiling and largest wait.
    var retryBase: Duration?
    var retryCap: Duration?
    var stream: Bool?
    var onStreamError: StreamErrorPolicy?
    var parameters: JSONObject?
    var timeout: Duration?
    var cache: Bool?
    /// Set when `model` was written but did not resolve, so no "missing model" error is added.
    var hasBrokenModel = false

    /// These fields with `defaults` filling the gaps; `params` objects merge key by key.
    func over(_ defaults: ModelFields) -> ModelFields {
        var merged = self
        merged.models = models ?? (hasBrokenModel ? nil : defaults.models)
        merged.hasBrokenModel = hasBrokenModel || (models == nil && defaults.hasBrokenModel)
        merged.system = system ?? defaults.system
        merged.temperature = temperature ?? defaults.temperature
        merged.topP = topP ?? defaults.topP
        merged.maximumTokens = maximumTokens ?? defaults.maximumTokens
        merged.stop = stop ?? defaults.stop
        merged.seed = seed ?? defaults.seed
        merged.retries = retries ?? defaults.retries
        merged.retryBase = retryBase ?? defaults.retryBase
        merged.retryCap = retryCap ?? defaults.retryCap
        merged.stream = stream ?? defaults.stream
        merged.onStreamError = onStreamError ?? defaults.onStreamError
        merged.timeout = timeout ?? defaults.timeout
        merged.cache = cache ?? defaults.cache
        if var base = defaults.parameters {
            for (key, value) in parameters ?? [:] { base[key] = value }
            merged.parameters = base
        }
        return merged
    }
}

extension PipelineLoader {
    mutating func readDefaults(_ node: YAMLNode) -> ModelFields {
        guard let entries = reader.mapping(node, for: "defaults") else { return ModelFields() }
        reader.checkKeys(entries, allowed: Self.defaultKeys, in: "defaults")
        return readModelFields(entries)
    }

    mutating func readModelFields(_ entries: [YAMLMappingEntry]) -> ModelFields {
        var fields = ModelFields()
        if let node = entries.value("model") {
            fields.models = readModelChain(node)
            fields.hasBrokenModel = fields.models == nil
        }
        if let node = entries.value("system") { fields.system = templateText(node, for: "system") }
        if let node = entries.value("temperature") {
            fields.temperature = reader.number(node, for: "temperature", in: 0...2)
        }
        if let node = entries.value("top_p") { fields.topP = reader.number(node, for: "top_p", in: 0...1) }
        if let node = entries.value("max_tokens") {
            fields.maximumTokens = reader.integer(node, for: "max_tokens", in: 1...Int.max)
        }
        if let node = entries.value("stop") {
            fields.stop = reader.stringList(node, for: "stop", expected: "a stop sequence or a list of them")
        }
        if let node = entries.value("seed") { fields.seed = reader.integer(node, for: "seed", in: Int.min...Int.max) }
        if let node = entries.value("retries") { fields.retries = reader.integer(node, for: "retries", in: 0...20) }
        if let node = entries.value("retry") { readRetry(node, into: &fields) }
        if let node = entries.value("stream") { fields.stream = reader.boolean(node, for: "stream") }
        if let node = entries.value("on_stream_error") {
            fields.onStreamError = choice(node, for: "on_stream_error", of: StreamErrorPolicy.self)
        }
        if let node = entries.value("params") {
            if case .object(let object) = node.jsonValue, node.mappingEntries != nil {
                fields.parameters = object
            } else {
                reader.reportWrongType(node, expected: "a mapping of provider request fields", for: "params")
            }
        }
        if let node = entries.value("timeout") { fields.timeout = reader.duration(node, for: "timeout") }
        if let node = entries.value("cache") { fields.cache = reader.boolean(node, for: "cache") }
        return fields
    }

    /// `retry: { attempts, base, cap }`; `attempts` counts the first call, so it is `retries + 1`
    /// and cannot be given with `retries`.
    private mutating func readRetry(_ node: YAMLNode, into fields: inout ModelFields) {
        guard let entries = reader.mapping(node, for: "retry") else { return }
        reader.checkKeys(entries, allowed: ["attempts", "base", "cap"], in: "retry")
        if let node = entries.value("attempts"), let attempts = reader.integer(node, for: "attempts", in: 1...21) {
            if let retries = fields.retries {
                reader.report(
                    .error(
                        .conflictingFields, "'retry.attempts' cannot be used with 'retries' in the same place",
                        at: node.location,
                        hint: "keep one: 'retries: \(retries)' is 'retry: { attempts: \(retries + 1) }'"))
            } else {
                fields.retries = attempts - 1
            }
        }
        if let node = entries.value("base") { fields.retryBase = reader.duration(node, for: "base") }
        if let node = entries.value("cap") { fields.retryCap = reader.duration(node, for: "cap") }
    }

    /// A `model:` value, a name or a list of names, resolved to one fallback chain.
    mutating func readModelChain(_ node: YAMLNode) -> [ModelReference]? {
        guard let elements = reader.scalarOrList(node, for: "model", expected: "a model name or a list of model names")
        else { return nil }
        guard !elements.isEmpty else {
            reader.report(
                .error(
                    .invalidValue, "'model' lists no models", at: node.location,
                    hint: "name at least one model, such as 'local/default'"))
            return nil
        }
        var chain: [ModelReference] = []
        var isValid = true
        for element in elements {
            guard let name = reader.string(element, for: "model", expected: "a model name") else {
                isValid = false
                continue
            }
            switch config.resolveModel(name) {
            case .success(let references):
                for reference in references where !chain.contains(reference) { chain.append(reference) }
            case .failure(let failure):
                reader.report(config.diagnostic(for: failure, name: name, at: element.location))
                isValid = false
            }
        }
        return isValid ? chain : nil
    }

    // MARK: - Steps

    mutating func readSteps(_ node: YAMLNode, defaults: ModelFields) -> [StepDefinition] {
        guard let entries = reader.mapping(node, for: "steps", expected: "a mapping of step names to steps") else {
            return []
        }
        guard !entries.isEmpty else {
            reader.report(
                .error(.emptyPipeline, "'steps' is empty", at: node.location, hint: "add at least one step"))
            return []
        }
        var steps: [StepDefinition] = []
        for entry in entries {
            let validName = checkIdentifier(entry.key, at: entry.keyLocation, what: "step")
            if let step = readStep(entry, defaults: defaults), validName { steps.append(step) }
        }
        return steps
    }

    private mutating func readStep(_ entry: YAMLMappingEntry, defaults: ModelFields) -> StepDefinition? {
        guard let fields = reader.mapping(entry.value, for: entry.key, expected: "a mapping of step settings") else {
            return nil
        }
        let name = entry.key
        if let pipeline = fields.entry("pipeline") {
            reader.report(
                .error(
                    .unknownStepKind, "'pipeline:' steps (calling another pipeline) are not supported yet",
                    at: pipeline.keyLocation, hint: "copy the other pipeline's steps into this one for now"))
            return nil
        }
        reader.checkKeys(fields, allowed: Self.stepKeys, in: "step '\(name)'")
        guard let kindName = stepKindName(fields, name: name, at: entry.keyLocation) else { return nil }

        var step = StepDefinition(
            name: name, location: entry.keyLocation, description: nil,
            settings: .template(
                TemplateStepSettings(
                    template: SourceText(
                        text: "", start: entry.keyLocation, continuationIndent: 0, declaration: entry.keyLocation),
                    output: .text)),
            forEach: nil, itemVariable: nil, concurrency: Self.defaultConcurrency, when: nil, needs: [],
            variables: [], timeout: kindName == "run" ? Self.defaultRunTimeout : Self.defaultModelTimeout, cache: true)
        if let node = fields.value("description") { step.description = reader.string(node, for: "description") }
        if let node = fields.value("for_each") { step.forEach = expressionText(node, for: "for_each") }
        if let asEntry = fields.entry("as"), let variable = reader.string(asEntry.value, for: "as") {
            if checkIdentifier(variable, at: asEntry.value.location, what: "loop variable") {
                if ["inputs", "steps"].contains(variable) {
                    reader.report(
                        .error(
                            .invalidName, "loop variable '\(variable)' would hide '\(variable).…'",
                            at: asEntry.value.location,
                            hint: "choose another name, such as 'item'"))
                } else {
                    step.itemVariable = variable
                }
            }
            if fields.entry("for_each") == nil {
                reader.report(
                    .error(
                        .missingField, "'as' names the item of a fan-out, but step '\(name)' has no 'for_each'",
                        at: asEntry.keyLocation, hint: "add 'for_each: <list expression>' or remove 'as'"))
            }
        }
        if step.forEach != nil, step.itemVariable == nil, fields.entry("as") == nil { step.itemVariable = "item" }
        if let concurrency = fields.entry("concurrency") {
            if let value = reader.integer(concurrency.value, for: "concurrency", in: 1...10_000) {
                step.concurrency = value
            }
            if fields.entry("for_each") == nil {
                reader.report(
                    .error(
                        .missingField, "'concurrency' limits a fan-out, but step '\(name)' has no 'for_each'",
                        at: concurrency.keyLocation, hint: "add 'for_each' or remove 'concurrency'"))
            }
        }
        if let node = fields.value("when") { step.when = expressionText(node, for: "when") }
        if let node = fields.value("needs") { step.needs = readNeeds(node) }
        if let node = fields.value("vars") {
            step.variables = readNamedExpressions(node, for: "vars")
            for variable in step.variables where ["inputs", "steps", step.itemVariable].contains(variable.name) {
                reader.report(
                    .error(
                        .invalidName,
                        "variable '\(variable.name)' would hide the name '\(variable.name)' inside the step",
                        at: variable.location, hint: "choose another name"))
            }
        }
        let output = fields.value("output").flatMap { readOutput($0, allowsXML: kindName == "model") } ?? .text

        switch kindName {
        case "template":
            if let node = fields.value("template"), let text = templateText(node, for: "template") {
                step.settings = .template(TemplateStepSettings(template: text, output: output))
            }
            if let node = fields.value("timeout"), let timeout = reader.duration(node, for: "timeout") {
                step.timeout = timeout
            }
            if let node = fields.value("cache"), let cache = reader.boolean(node, for: "cache") { step.cache = cache }
        case "run":
            // A broken command is already reported; the step stays so references to it do not add errors.
            step.settings = .run(
                readRun(fields, output: output)
                    ?? RunStepSettings(command: .arguments([]), environment: [], standardInput: nil, output: output))
            if let node = fields.value("timeout"), let timeout = reader.duration(node, for: "timeout") {
                step.timeout = timeout
            }
            if let node = fields.value("cache"), let cache = reader.boolean(node, for: "cache") { step.cache = cache }
        default:
            let merged = readModelFields(fields).over(defaults)
            var messages: [MessageSource] = []
            if let node = fields.value("messages") { messages = readMessages(node) }
            let prompt = fields.value("prompt").flatMap { templateText($0, for: "prompt") }
            if merged.models == nil, !merged.hasBrokenModel {
                reader.report(
                    .error(
                        .missingModel, "model step '\(name)' has no model", at: entry.keyLocation,
                        hint:
                            "add 'model: local/default' (or another 'provider/model') to the step or under 'defaults:'")
                )
            }
            if let timeout = merged.timeout { step.timeout = timeout }
            if let cache = merged.cache { step.cache = cache }
            step.settings = .model(
                ModelStepSettings(
                    models: merged.models ?? [], system: merged.system, messages: messages, prompt: prompt,
                    temperature: merged.temperature, topP: merged.topP, maximumTokens: merged.maximumTokens,
                    stop: merged.stop ?? [], seed: merged.seed, retries: merged.retries ?? Self.defaultRetries,
                    output: output, stream: merged.stream ?? false, parameters: merged.parameters ?? [:],
                    retryBase: merged.retryBase, retryCap: merged.retryCap,
                    onStreamError: merged.onStreamError ?? .restart))
        }
        return step
    }

    /// `model`, `template` or `run`; reports steps that say nothing or mix kinds.
    private mutating func stepKindName(
        _ fields: [YAMLMappingEntry], name: String, at location: SourceLocation
    ) -> String? {
        let template = fields.entry("template")
        let run = fields.entry("run")
        let modelBody = fields.entry("prompt") ?? fields.entry("messages")
        let chosen = [("template", template), ("run", run), (modelBody?.key ?? "prompt", modelBody)].compactMap {
            kind, entry in
            entry.map { (kind, $0) }
        }
        guard let first = chosen.first else {
            reader.report(
                .error(
                    .unknownStepKind,
                    "step '\(name)' has no 'prompt', 'messages', 'template' or 'run', so it does nothing",
                    at: location,
                    hint:
                        "a model step needs 'prompt' (or 'messages'), a template step 'template', a command step 'run'")
            )
            return nil
        }
        if chosen.count > 1 {
            let second = chosen[1]
            reader.report(
                .error(
                    .conflictingFields, "'\(second.1.key)' cannot be used with '\(first.1.key)' in step '\(name)'",
                    at: second.1.keyLocation,
                    hint:
                        "a step either calls a model (prompt), renders a template (template) or runs a command (run); split it into two steps"
                ))
        }
        let kind = first.0 == "template" || first.0 == "run" ? first.0 : "model"
        let foreign: [String] =
            switch kind {
            case "template": Self.modelKeys + Self.runKeys.filter { $0 != "run" }
            case "run": Self.modelKeys + ["template"]
            default: Self.runKeys + ["template"]
            }
        for field in fields
        where foreign.contains(field.key) && !chosen.dropFirst().contains(where: { $0.1.key == field.key }) {
            reader.report(
                .error(
                    .conflictingFields,
                    "'\(field.key)' does not apply to a \(kind) step ('\(first.1.key)' makes '\(name)' one)",
                    at: field.keyLocation, hint: "remove '\(field.key)', or split the work into separate steps"))
        }
        return kind
    }

    private mutating func readNeeds(_ node: YAMLNode) -> [NameReference] {
        guard let elements = reader.scalarOrList(node, for: "needs", expected: "a step name or a list of step names")
        else { return [] }
        return elements.compactMap { element in
            reader.string(element, for: "needs", expected: "a step name").map {
                NameReference(name: $0, location: element.location)
            }
        }
    }

    private mutating func readMessages(_ node: YAMLNode) -> [MessageSource] {
        guard let elements = node.sequenceElements else {
            reader.reportWrongType(node, expected: "a list of '{ role: …, content: … }' turns", for: "messages")
            return []
        }
        var messages: [MessageSource] = []
        for element in elements {
            guard let fields = reader.mapping(element, for: "messages", expected: "a '{ role: …, content: … }' mapping")
            else {
                continue
            }
            reader.checkKeys(fields, allowed: ["role", "content"], in: "a message")
            let roles = MessageSource.Role.allCases.map(\.rawValue)
            var role: MessageSource.Role?
            if let node = fields.value("role"), let text = reader.string(node, for: "role") {
                role = MessageSource.Role(rawValue: text)
                if role == nil {
                    reader.report(
                        .error(
                            .invalidValue, "unknown message role '\(text)'", at: node.location,
                            hint: NameSuggestion.hint(for: text, in: roles)
                                ?? "use one of: \(roles.joined(separator: ", "))"))
                }
            }
            let content = fields.value("content").flatMap { templateText($0, for: "content") }
            for missing in ["role", "content"] where fields.value(missing) == nil {
                reader.report(
                    .error(
                        .missingField, "message needs '\(missing)'", at: element.location,
                        hint: "write each turn as '{ role: user, content: … }'"))
            }
            if let role, let content { messages.append(MessageSource(role: role, content: content)) }
        }
        return messages
    }

    private mutating func readRun(_ fields: [YAMLMappingEntry], output: OutputMode) -> RunStepSettings? {
        guard let node = fields.value("run") else { return nil }
        var command: RunStepSettings.Command?
        if let text = node.scalarText, !node.isNull {
            command = .shell(text)
            checkNoTemplate(in: text, at: node.location)
        } else if let elements = node.sequenceElements {
            var arguments: [String] = []
            for element in elements {
                if let text = reader.string(element, for: "run", expected: "a command argument") {
                    arguments.append(text)
                    checkNoTemplate(in: text, at: element.location)
                }
            }
            if elements.isEmpty {
                reader.report(
                    .error(
                        .invalidValue, "'run' lists no command", at: node.location,
                        hint: "write the program and its arguments, such as [git, log, --oneline]"))
            } else if arguments.count == elements.count {
                command = .arguments(arguments)
            }
        } else {
            reader.reportWrongType(node, expected: "a command line or a list of arguments", for: "run")
        }
        let environment = fields.value("env").map { readNamedExpressions($0, for: "env") } ?? []
        let standardInput = fields.value("stdin").flatMap { templateText($0, for: "stdin") }
        guard let command else { return nil }
        return RunStepSettings(command: command, environment: environment, standardInput: standardInput, output: output)
    }

    private mutating func checkNoTemplate(in text: String, at location: SourceLocation) {
        guard text.contains("{{") || text.contains("{%") else { return }
        reader.report(
            .error(
                .templateInCommand, "'run' commands are not templates: values are never spliced into a command line",
                at: location,
                hint:
                    "pass values through 'env:' (for example 'env: { RANGE: inputs.range }') and use \"$RANGE\" in the command"
            ))
    }

    private mutating func readOutput(_ node: YAMLNode, allowsXML: Bool) -> OutputMode? {
        let formats = allowsXML ? ["text", "json", "xml"] : ["text", "json"]
        if let text = node.scalarText, !node.isNull {
            switch text {
            case "text": return .text
            case "json": return .json(schema: nil)
            default:
                reader.report(
                    .error(
                        .invalidValue, "unknown output format '\(text)'", at: node.location,
                        hint: text == "xml"
                            ? "xml output needs tags: write 'output: { format: xml, tags: [answer] }'"
                            : "use \(formats.joined(separator: ", ")), or '{ schema: schemas/x.json }'"))
                return nil
            }
        }
        guard
            let fields = reader.mapping(
                node, for: "output", expected: "'text', 'json' or a mapping such as '{ schema: … }'")
        else { return nil }
        reader.checkKeys(fields, allowed: ["format", "schema", "tags"], in: "output")
        var format = fields.value("schema") != nil ? "json" : "text"
        if let formatNode = fields.value("format"), let text = reader.string(formatNode, for: "format") {
            guard formats.contains(text) else {
                reader.report(
                    .error(
                        .invalidValue,
                        text == "xml" ? "xml output is only for model steps" : "unknown output format '\(text)'",
                        at: formatNode.location, hint: "use one of: \(formats.joined(separator: ", "))"))
                return nil
            }
            format = text
        }
        switch format {
        case "json":
            guard let schemaNode = fields.value("schema") else { return .json(schema: nil) }
            return readSchema(schemaNode).map { .json(schema: $0) }
        case "xml":
            if let schema = fields.entry("schema") {
                reader.report(
                    .error(
                        .conflictingFields, "'schema' cannot be used with 'format: xml'", at: schema.keyLocation,
                        hint: "use 'format: xml' with 'tags', or a JSON schema, not both"))
            }
            guard let tagsNode = fields.value("tags") else {
                reader.report(
                    .error(
                        .missingField, "xml output needs 'tags'", at: node.location,
                        hint: "list the tags to extract, such as 'tags: [summary, answer]'"))
                return nil
            }
            guard let tags = reader.stringList(tagsNode, for: "tags", expected: "a list of tag names") else {
                return nil
            }
            for tag in tags where !Self.isIdentifier(tag.replacingHyphens()) {
                reader.report(.error(.invalidName, "'\(tag)' is not an XML tag name", at: tagsNode.location))
            }
            return .xml(tags: tags)
        default:
            for key in ["schema", "tags"] {
                if let entry = fields.entry(key) {
                    reader.report(
                        .error(
                            .conflictingFields, "'\(key)' does not apply to text output", at: entry.keyLocation,
                            hint: "remove it, or set the matching 'format'"))
                }
            }
            return .text
        }
    }
}

extension String {
    fileprivate func replacingHyphens() -> String {
        String(map { $0 == "-" || $0 == "." ? "_" : $0 })
    }
}
