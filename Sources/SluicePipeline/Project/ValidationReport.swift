public import SluiceCore

/// What `sluice validate` found: the pipelines checked and every diagnostic, config first.
public struct ValidationReport: Sendable {
    /// The pipelines checked, in the order given.
    public var pipelines: [String]
    /// Every diagnostic: `sluice.yaml`'s, then each pipeline's in reading order.
    public var diagnostics: [Diagnostic]

    /// A report with every field given.
    public init(pipelines: [String], diagnostics: [Diagnostic]) {
        self.pipelines = pipelines
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error (the command then exits 2).
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The report as JSON for `--json`: `{"pipelines": [...], "errors": n, "warnings": n, "diagnostics": [...]}`.
    public var jsonValue: JSONValue {
        .object([
            "pipelines": .array(pipelines.map { .string($0) }),
            "errors": .integer(diagnostics.count { $0.severity == .error }),
            "warnings": .integer(diagnostics.count { $0.severity == .warning }),
            "diagnostics": .array(diagnostics.map(\.jsonValue)),
        ])
    }
}

extension ProjectLoader {
    /// Checks `sluice.yaml` and the pipelines `names` (every pipeline when empty).
    public mutating func validate(names: [String]) -> ValidationReport {
        let selected = names.isEmpty ? project.pipelineNames() : names
        var diagnostics = configDiagnostics
        for name in selected {
            diagnostics += loadPipeline(named: name).diagnostics
        }
        return ValidationReport(pipelines: selected, diagnostics: diagnostics)
    }
}
