import FuzzDriver
import SluiceCore
import SluiceTemplates

// libFuzzer target: the template parser and renderer. The input is parsed as a template and,
// when it parses, rendered against a context holding each kind of value (including numbers near
// the limits of `Int`, which filters such as `indent` and `center` take as sizes). Problems must
// come back as diagnostics; a trap, a hang or a sanitizer report is a bug.
// Build and run with `scripts/fuzz.sh template SECONDS` (see docs/development.md, "Fuzzing").

private let context: JSONObject = [
    "inputs": [
        "name": "Ada", "text": "line one\nline two\n", "n": 3, "big": .integer(Int.max), "small": .integer(Int.min),
        "ratio": 0.5, "flag": true, "none": .null, "items": [1, "two", 3.5, [4], ["k": "v"]],
        "people": [["name": "Ada", "age": 36], ["name": "Alan", "age": 41]],
    ],
    "steps": ["previous": ["output": "an earlier answer", "items": ["a", "b"]]],
    "item": "current item",
]

runFuzzer { data, size in
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    guard let template = try? Template(parsing: text, origin: TemplateOrigin(file: "fuzz.md")) else { return 0 }
    _ = try? template.render(context: context)
    return 0
}
