import FuzzDriver
import SluiceCore

// libFuzzer target: the duration parser (`timeout:`, `cache: { ttl: }`, `--timeout`). Every
// input is a duration or a located diagnostic; an accepted one must be between zero and ten
// years, so no later arithmetic on it can overflow. A trap is a bug.
// Build and run with `scripts/fuzz.sh duration SECONDS` (see docs/development.md, "Fuzzing").

runFuzzer { data, size in
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    guard let duration = try? DurationParser.parse(text) else { return 0 }
    guard duration >= .zero, duration <= .seconds(10 * 365 * 24 * 3600) else {
        fatalError("accepted '\(text)' as \(duration), outside zero to ten years")
    }
    // What the engine does with a timeout: add it to now.
    _ = ContinuousClock.now.advanced(by: duration)
    return 0
}
