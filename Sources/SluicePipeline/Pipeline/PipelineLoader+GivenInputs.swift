import SluiceCore
internal import SluiceSchema

extension PipelineLoader {
    /// How the problems of inputs written in the pipeline file itself are worded: the schedule's
    /// `inputs:` and a test case's `inputs:` are checked the same way, but read differently.
    struct GivenInputsWording {
        /// Who gives the inputs: "the schedule", "test case 'urgent'".
        var giver: String
        /// How one given value is named: "scheduled input", "test case 'urgent': input".
        var valueNoun: String
        /// Who runs without the input: "a scheduled run", "test case 'urgent'".
        var runner: String
        /// Where to write a missing input `name`.
        var missingHint: @Sendable (String) -> String

        static let schedule = GivenInputsWording(
            giver: "the schedule", valueNoun: "scheduled input", runner: "a scheduled run",
            missingHint: { name in
                "give it under 'schedule: { cron: ..., inputs: { \(name): ... } }', or declare a default"
            })

        static func testCase(_ name: String) -> GivenInputsWording {
            GivenInputsWording(
                giver: "test case '\(name)'", valueNoun: "test case '\(name)': input", runner: "the pipeline",
                missingHint: { input in "give it under the case's 'inputs: { \(input): ... }', or declare a default" })
        }
    }

    /// Reports unknown names, values that fail their schema, and required inputs the run would lack.
    mutating func checkGivenInputs(
        _ entries: [YAMLMappingEntry], declared: [InputDeclaration], at location: SourceLocation,
        wording: GivenInputsWording
    ) {
        let names = declared.map(\.name)
        for entry in entries {
            guard let input = declared.first(where: { $0.name == entry.key }) else {
                reader.report(
                    .error(
                        .unknownInput,
                        "\(wording.giver) gives input '\(entry.key)', which the pipeline does not declare",
                        at: entry.keyLocation,
                        hint: NameSuggestion.hint(for: entry.key, in: names)
                            ?? (names.isEmpty
                                ? "the pipeline declares no inputs" : "its inputs: \(names.joined(separator: ", "))")))
                continue
            }
            let result = input.schema.validate(entry.value.jsonValue)
            if !result.isValid {
                let problems = result.oneLineSummary()
                reader.report(
                    .error(
                        .invalidInput, "\(wording.valueNoun) '\(entry.key)' does not match its schema: \(problems)",
                        at: entry.value.location, hint: "see the schema declared at \(input.location)"))
            }
        }
        for input in declared where input.isRequired && !entries.contains(where: { $0.key == input.name }) {
            reader.report(
                .error(
                    .missingInput,
                    "\(wording.runner) needs input '\(input.name)', which \(wording.giver) does not give",
                    at: location, hint: wording.missingHint(input.name)))
        }
    }
}
