import FuzzDriver
import SluiceCore

// libFuzzer target: the JSON parser, lenient and strict, and what is built on it: formatting
// (a formatted value must parse back to an equal value), the source map that locates errors,
// and UTF-8 decoding. A trap, a hang or a sanitizer report is a bug.
// Build and run with `scripts/fuzz.sh json SECONDS` (see docs/development.md, "Fuzzing").

/// Whether every number in `value` is finite.
private func isFinite(_ value: JSONValue) -> Bool {
    switch value {
    case .double(let number): number.isFinite
    case .array(let elements): elements.allSatisfy(isFinite)
    case .object(let object): object.allSatisfy { isFinite($0.value) }
    case .null, .bool, .integer, .string: true
    }
}

runFuzzer { data, size in
    let bytes = fuzzInput(data, size)
    if let strict = try? JSONValue(parsing: bytes, strict: true), !isFinite(strict) {
        fatalError("strict parsing accepted a number that is not finite")
    }
    guard let text = try? UTF8Text.decode(bytes) else { return 0 }
    let map = JSONSourceMap(text: text)
    guard let value = try? JSONValue(parsing: text) else { return 0 }
    for pointer in ["", "/0", "/a", "/0/0", "/a/b"] { _ = map.position(of: pointer) }
    // A number too large for a double (`1e400`) is infinite, which JSON text cannot hold (it is
    // written as `null`); strict parsing refuses it, so only finite values must round-trip.
    guard isFinite(value) else { return 0 }
    for formatting in [JSONFormatting.compact, .pretty, .canonical] {
        let formatted = value.formatted(formatting)
        guard let reparsed = try? JSONValue(parsing: formatted) else {
            fatalError("formatted JSON does not parse back: \(formatted)")
        }
        // Compared as RFC 8785 text, where every number is a double: `6666666666666667000` is an
        // integer when read back but the same double as the value it was written from.
        if reparsed != value, reparsed.formatted(.canonical) != value.formatted(.canonical) {
            fatalError("formatted JSON parses back to another value: \(formatted)")
        }
    }
    return 0
}
