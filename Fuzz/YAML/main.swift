import Foundation
import FuzzDriver
import SluiceCore
import SluicePipeline

// libFuzzer target: the YAML loader, from bytes to a checked plan. The input is read as a
// pipeline file (parsed, loaded, planned: templates compiled, references checked) and as a
// `sluice.yaml`. Problems must come back as diagnostics; a trap or a sanitizer report is a bug.
// Build and run with `scripts/fuzz.sh yaml SECONDS` (see docs/development.md, "Fuzzing").

/// An empty project folder, so the loader's file lookups find nothing and report it.
private let project = Project(
    root: FileManager.default.temporaryDirectory.appendingPathComponent("sluice-fuzz-yaml").path)

runFuzzer { data, size in
    let bytes = fuzzInput(data, size)
    _ = YAMLDocumentParser.parse(bytes: bytes, file: "pipelines/fuzz.yaml")
    guard let text = try? UTF8Text.decode(bytes) else { return 0 }
    var loader = ProjectLoader(project: project)
    _ = loader.loadPipeline(named: "fuzz", file: "pipelines/fuzz.yaml", text: text)
    _ = ProjectConfigLoader.load(text: text, file: "sluice.yaml")
    return 0
}
