import FuzzDriver
import SluiceCore

// libFuzzer target: the JSON parser, lenient and strict, and what is built on it: formatting
// (a formatted value must parse back to an equal value), the source map that locates errors,
// and UTF-8 decoding. A trap, a hang or a sanitizer report is a bug.
// Build and run with `scripts/fuzz.sh json SECONDS` (see docs/development.md, "Fuzzing").

runFuzzer { data, size in
    let bytes = fuzzInput(data, size)
    _ = try? JSONValue(parsing: bytes, strict: true)
    guard let text = try? UTF8Text.decode(bytes) else { return 0 }
    let map = JSONSourceMap(text: text)
    guard let value = try? JSONValue(parsing: text) else { return 0 }
    for pointer in ["", "/0", "/a", "/0/0", "/a/b"] { _ = map.position(of: pointer) }
    for formatting in [JSONFormatting.compact, .pretty, .canonical] {
        let formatted = value.formatted(formatting)
        // A number too large for a double (`1e400`) is infinite, which JSON text cannot hold.
        if formatted.contains("Infinity") || formatted.contains("NaN") { continue }
        guard let reparsed = try? JSONValue(parsing: formatted) else {
            fatalError("formatted JSON does not parse back: \(formatted)")
        }
        if reparsed != value {
            fatalError("formatted JSON parses back to another value: \(formatted)")
        }
    }
    return 0
}
