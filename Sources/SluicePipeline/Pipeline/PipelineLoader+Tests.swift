import SluiceCore
internal import SluiceSchema

extension PipelineLoader {
    static let testCaseKeys = ["description", "inputs", "model", "expect"]
    static let assertionSubjectKeys = ["output", "step"]
    static let assertionCheckKeys = ["equals", "contains", "regex", "schema", "cost_below", "latency_below"]
    static let assertionKeys = assertionSubjectKeys + ["path"] + assertionCheckKeys

    /// `tests:` as a mapping of case names to cases; steps, outputs and inputs must be read first,
    /// since assertions and case inputs are checked against them.
    mutating func readTests(_ node: YAMLNode, definition: PipelineDefinition) -> [PipelineTestCase] {
        guard let entries = reader.mapping(node, for: "tests", expected: "a mapping of test case names to cases")
        else { return [] }
        var cases: [PipelineTestCase] = []
        for entry in entries {
            guard !entry.key.trimmingWhitespace().isEmpty else {
                reader.report(
                    .error(
                        .invalidName, "a test case needs a name", at: entry.keyLocation,
                        hint: "name it by what it checks, such as 'urgent tickets get a reply'"))
                continue
            }
            if let testCase = readTestCase(entry, definition: definition) { cases.append(testCase) }
        }
        return cases
    }

    private mutating func readTestCase(
        _ entry: YAMLMappingEntry, definition: PipelineDefinition
    ) -> PipelineTestCase? {
        let name = entry.key
        let fields: [YAMLMappingEntry]
        if entry.value.isNull {
            fields = []
        } else {
            guard
                let mapping = reader.mapping(
                    entry.value, for: name, expected: "a mapping with 'inputs:' and 'expect:'")
            else { return nil }
            fields = mapping
        }
        reader.checkKeys(fields, allowed: Self.testCaseKeys, in: "test case '\(name)'")
        var testCase = PipelineTestCase(
            name: name, location: entry.keyLocation, description: nil, inputs: [:], models: nil, assertions: [])
        if let node = fields.value("description") { testCase.description = reader.string(node, for: "description") }
        let inputsEntry = fields.entry("inputs")
        var inputEntries: [YAMLMappingEntry] = []
        if let node = inputsEntry?.value,
            let mapping = reader.mapping(node, for: "inputs", expected: "a mapping of input names to values")
        {
            inputEntries = mapping
            if case .object(let object) = node.jsonValue { testCase.inputs = object }
        }
        checkGivenInputs(
            inputEntries, declared: definition.inputs, at: inputsEntry?.keyLocation ?? entry.keyLocation,
            wording: .testCase(name))
        if let node = fields.value("model") { testCase.models = readModelOverride(node) }
        if let node = fields.value("expect") {
            if let elements = node.sequenceElements {
                testCase.assertions = elements.compactMap { readAssertion($0, definition: definition) }
            } else if node.mappingEntries != nil {
                reader.report(
                    .error(
                        .wrongType, "expected a list of assertions for 'expect', found a mapping", at: node.location,
                        hint: "write each assertion as a list entry starting with '- ', even when there is one"))
            } else {
                reader.reportWrongType(node, expected: "a list of assertions", for: "expect")
            }
        }
        return testCase
    }

    private mutating func readModelOverride(_ node: YAMLNode) -> [ModelReference]? {
        guard let names = reader.stringList(node, for: "model", expected: "a model name or a list of them") else {
            return nil
        }
        var chain: [ModelReference] = []
        for name in names {
            switch config.resolveModel(name) {
            case .success(let models): chain += models.filter { !chain.contains($0) }
            case .failure(let failure):
                reader.report(config.diagnostic(for: failure, name: name, at: node.location))
                return nil
            }
        }
        return chain
    }

    // MARK: - Assertions

    private mutating func readAssertion(_ node: YAMLNode, definition: PipelineDefinition) -> TestAssertion? {
        guard
            let fields = reader.mapping(
                node, for: "expect", expected: "an assertion such as '{ output: digest, contains: \"urgent\" }'")
        else { return nil }
        reader.checkKeys(fields, allowed: Self.assertionKeys, in: "an assertion")
        let checks = fields.filter { Self.assertionCheckKeys.contains($0.key) }
        guard let checkEntry = checks.first else {
            reader.report(
                .error(
                    .missingField, "an assertion needs a check", at: node.location,
                    hint: "add one of: \(Self.assertionCheckKeys.joined(separator: ", "))"))
            return nil
        }
        for extra in checks.dropFirst() {
            reader.report(
                .error(
                    .conflictingFields,
                    "an assertion makes one check; this one has '\(checkEntry.key)' and '\(extra.key)'",
                    at: extra.keyLocation, hint: "write a second list entry for '\(extra.key)'"))
        }
        let subject = readSubject(fields, definition: definition)
        let isValueCheck = !["cost_below", "latency_below"].contains(checkEntry.key)
        var path: ValuePath?
        if let pathEntry = fields.entry("path") {
            if isValueCheck {
                path = readPath(pathEntry.value)
            } else {
                reader.report(
                    .error(
                        .conflictingFields, "'path' does not apply to '\(checkEntry.key)'", at: pathEntry.keyLocation,
                        hint: "'\(checkEntry.key)' measures the run, or a step named with 'step:'"))
            }
        }
        if isValueCheck, fields.entry("output") == nil, fields.entry("step") == nil {
            reader.report(
                .error(
                    .missingField, "'\(checkEntry.key)' needs the value to check: 'output:' or 'step:'",
                    at: checkEntry.keyLocation,
                    hint: "add 'output: NAME' (a name under 'outputs:') or 'step: NAME' (a step's output)"))
            return nil
        }
        if !isValueCheck, fields.entry("output") != nil {
            reader.report(
                .error(
                    .conflictingFields, "'\(checkEntry.key)' measures the run or a step, not an output",
                    at: fields.entry("output")?.keyLocation ?? node.location,
                    hint: "remove 'output:' to measure the run, or name a step with 'step:'"))
            return nil
        }
        guard let subject, let check = readCheck(checkEntry) else { return nil }
        return TestAssertion(subject: subject, path: path, check: check, location: node.location)
    }

    private mutating func readSubject(
        _ fields: [YAMLMappingEntry], definition: PipelineDefinition
    ) -> TestAssertion.Subject? {
        let output = fields.entry("output")
        let step = fields.entry("step")
        if output != nil, let step {
            reader.report(
                .error(
                    .conflictingFields, "an assertion looks at one value; this one names an output and a step",
                    at: step.keyLocation, hint: "keep 'output:' or 'step:', and write another assertion for the other"))
            return nil
        }
        if let output {
            guard let name = reader.string(output.value, for: "output") else { return nil }
            let names = definition.outputs.map(\.name)
            guard names.contains(name) else {
                reader.report(
                    .error(
                        .unknownOutput, "the pipeline has no output '\(name)'", at: output.value.location,
                        hint: NameSuggestion.hint(for: name, in: names)
                            ?? (names.isEmpty
                                ? "the pipeline declares no 'outputs:'; check a step's output with 'step:'"
                                : "its outputs: \(names.joined(separator: ", "))")))
                return nil
            }
            return .output(name)
        }
        if let step {
            guard let name = reader.string(step.value, for: "step") else { return nil }
            let names = definition.steps.map(\.name)
            guard names.contains(name) else {
                reader.report(
                    .error(
                        .unknownStep, "the pipeline has no step '\(name)'", at: step.value.location,
                        hint: NameSuggestion.hint(for: name, in: names)
                            ?? "steps in this pipeline: \(names.joined(separator: ", "))"))
                return nil
            }
            return .step(name)
        }
        return .run
    }

    private mutating func readPath(_ node: YAMLNode) -> ValuePath? {
        guard let text = reader.string(node, for: "path", expected: "a JSON Pointer such as /0/title, or 0.title")
        else { return nil }
        do throws(ValuePath.Problem) {
            return try ValuePath(parsing: text)
        } catch {
            let why =
                switch error {
                case .empty: "it is empty"
                case .badEscape: "'~' must be followed by 0 (for '~') or 1 (for '/')"
                case .emptySegment: "it has an empty part between dots"
                }
            reader.report(
                .error(
                    .invalidPath, "'\(text)' is not a path: \(why)", at: node.location,
                    hint: "write a JSON Pointer such as /items/0/title, or a dotted path such as items.0.title"))
            return nil
        }
    }

    private mutating func readCheck(_ entry: YAMLMappingEntry) -> TestAssertion.Check? {
        let node = entry.value
        switch entry.key {
        case "equals":
            return .equals(node.jsonValue)
        case "contains":
            return reader.string(node, for: "contains", expected: "the text to look for").map { .contains($0) }
        case "regex":
            guard let pattern = reader.string(node, for: "regex", expected: "a regular expression") else {
                return nil
            }
            do {
                return .regex(try ECMARegex(pattern))
            } catch {
                reader.report(
                    .error(
                        .invalidPattern, "'\(pattern)' is not a valid regular expression", at: node.location,
                        hint:
                            "check its brackets, parentheses and escapes (ECMA-262 syntax); in YAML, single quotes keep backslashes as written"
                    ))
                return nil
            }
        case "schema":
            return readSchema(node).map { .schema($0) }
        case "cost_below":
            return reader.number(node, for: "cost_below", in: 0...Double.greatestFiniteMagnitude).map { .costBelow($0) }
        default:
            return reader.duration(node, for: "latency_below").map { .latencyBelow($0) }
        }
    }
}
