import FuzzDriver
import SluiceCore
import SluiceSchema

// libFuzzer target: the JSON Schema compiler and validator. The input is a schema, optionally
// followed by a line `---` and an instance. The schema is compiled (strictly parsed, as schema
// files are); when it compiles, the instance (or a few fixed values) is validated with formats
// asserted, errors are located in the instance text, and the `local` provider's synthetic
// instance and each provider dialect's translation are built. A trap, a hang or a sanitizer
// report is a bug. Build and run with `scripts/fuzz.sh schema SECONDS` (docs/development.md).

private let fixedInstances: [JSONValue] = [
    .null, true, 0, -1, 2.5, "", "text", [], [1, "a", [2]], [:], ["a": 1, "b": ["c": "d"]],
]

runFuzzer { data, size in
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    let parts = text.split(separator: "\n---\n", maxSplits: 1, omittingEmptySubsequences: false)
    guard let schema = try? Schema(text: String(parts[0]), file: "fuzz.json") else { return 0 }
    let options = ValidationOptions(assertsFormat: true)
    if parts.count == 2 {
        _ = InstanceCheck(text: String(parts[1]), file: "instance.json", schema: schema, options: options)
    }
    for instance in fixedInstances + [schema.document] { _ = schema.validate(instance, options: options) }
    _ = SyntheticInstance.generate(for: schema)
    for dialect in SchemaDialect.allCases { _ = try? SchemaDialectTranslator.translate(schema, to: dialect) }
    return 0
}
