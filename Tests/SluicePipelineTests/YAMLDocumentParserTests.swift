import SluiceCore
import SluicePipeline
import Testing

@Suite struct YAMLDocumentParserTests {
    @Test func reportsEveryDuplicateKeyAtTheDuplicate() {
        let result = YAMLDocumentParser.parse(text: "a: 1\nb: 2\na: 3\nb: 4\n", file: "f.yaml")
        #expect(result.diagnostics.map(\.code) == [.duplicateKey, .duplicateKey])
        #expect(result.diagnostics.map { $0.location?.line } == [3, 4])
        #expect(result.root?.mappingEntries?.map(\.key) == ["a", "b"])
    }

    @Test func columnsCountCharactersNotBytesOrScalars() {
        let result = YAMLDocumentParser.parse(text: "x: [\"é\", \"e\u{301}\", z]\n", file: "f.yaml")
        let elements = result.root?.mappingEntries?.first?.value.sequenceElements ?? []
        #expect(elements.map(\.location.column) == [5, 10, 15])
    }

    @Test func syntaxErrorsAreLocated() {
        let result = YAMLDocumentParser.parse(text: "steps:\n\tx: 1\n", file: "f.yaml")
        #expect(result.diagnostics.first?.code == .yamlSyntax)
        #expect(result.diagnostics.first?.location == SourceLocation(file: "f.yaml", line: 2, column: 1))
    }

    @Test func binaryDataIsNotText() {
        let result = YAMLDocumentParser.parse(bytes: [0xFF, 0xFE, 0x00, 0x41], file: "f.yaml")
        #expect(result.diagnostics.map(\.code) == [.notText])
    }

    @Test func aliasBombsStopWithADiagnostic() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            let items = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(items)]\n"
        }
        let result = YAMLDocumentParser.parse(text: text, file: "f.yaml")
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let result = YAMLDocumentParser.parse(text: text, file: "f.yaml")
        #expect(result.diagnostics.first?.code == .fileTooLarge)
    }

    @Test func plainScalarsResolveAsYAMLCoreSchema() {
        let result = YAMLDocumentParser.parse(text: "[1, -2, 1.5, true, ~, '3', 0x10, hello]", file: "f.yaml")
        #expect(result.root?.jsonValue == [1, -2, 1.5, true, nil, "3", 16, "hello"])
    }
}

@Suite struct SecretScannerTests {
    @Test(arguments: [
        "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12", "sk-ant-api03-Ab12Cd34Ef56Gh78Ij90",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6",
        "gsk_Ab12Cd34Ef56Gh78Ij90Kl12", "sk-or-v1-0123456789abcdef0123",
    ])
    func findsKeyShapedValuesWithoutEchoingThem(key: String) {
        let root = YAMLDocumentParser.parse(text: "header: \"Bearer \(key)\"\n", file: "f.yaml").root
        let diagnostics = root.map(SecretScanner.scan) ?? []
        #expect(diagnostics.map(\.code) == [.apiKeyInFile])
        #expect(!(diagnostics.first?.message.contains(key) ?? true))
        #expect(!(diagnostics.first?.hint?.contains(key) ?? true))
    }

    @Test func leavesOrdinaryTextAlone() {
        let root = YAMLDocumentParser.parse(
            text: "a: task-runner\nb: sk-short\nc: skeleton-key-for-everything\n", file: "f.yaml"
        ).root
        #expect((root.map(SecretScanner.scan) ?? []).isEmpty)
    }
}

@Suite struct LoaderRobustnessTests {
    @Test func oversizedFilesAreRefusedBeforeParsing() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: YAMLDocumentParser.maximumFileSize + 1)
        #expect(YAMLDocumentParser.parse(bytes: bytes, file: "f.yaml").diagnostics.map(\.code) == [.fileTooLarge])
    }

    /// Mangled pipelines (pieces of a valid one shuffled, cut and salted with YAML punctuation) always give
    /// diagnostics or a plan, never a crash.
    @Test func mangledPipelinesNeverCrashTheLoader() {
        let pieces = [
            "steps:", "  a:", "    model: local/default", "    prompt: |", "      {{ inputs.x }}", "inputs:",
            "  x: { type: string, default: hi }", "    for_each: inputs.x", "    as: it",
            "  b: { template: \"{{ steps.a.output }}\" }",
            "---", "- ", "&a", "*a", "{", "}", "[", "]", "\t", "\"", "'", "{%", "%}", "? ", ": ", "#", "|", ">",
            "    needs: [b]", "outputs: { o: steps.b.output }", "\u{0}", "é", "    run: [echo, hi]",
        ]
        var generator = SeededRandom(seed: 42)
        for _ in 0..<400 {
            let count = Int.random(in: 1...14, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined(
                separator: Bool.random(using: &generator) ? "\n" : " ")
            var loader = ProjectLoader(project: Project(root: "/nonexistent-sluice-project"))
            let result = loader.loadPipeline(named: "p", file: "pipelines/p.yaml", text: text)
            #expect(result.plan != nil || !result.diagnostics.isEmpty)
        }
    }
}
