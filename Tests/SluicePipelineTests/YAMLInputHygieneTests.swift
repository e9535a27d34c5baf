import SluiceCore
import SluicePipeline
import Testing

/// Merge keys, libyaml's messages in our words, deep nesting and long lines.
@Suite struct YAMLInputHygieneTests {
    private func keys(_ node: YAMLNode?) -> [String] { node?.mappingEntries?.map(\.key) ?? [] }

    @Test func mergeKeysBringInTheAnchoredMembers() {
        let text = """
            base: &base {model: fast, retries: 2}
            step:
              name: first
              <<: *base
              retries: 5
            """
        let result = YAMLDocumentParser.parse(text: text, file: "f.yaml")
        #expect(result.diagnostics.isEmpty)
        let step = result.root?.mappingEntries?.last?.value
        // Members land where `<<` was written; a key written in the mapping itself wins.
        #expect(keys(step) == ["name", "model", "retries"])
        #expect(step?.mappingEntries?.last?.value.scalarText == "5")
    }

    @Test func earlierMergeSourcesWinOverLaterOnes() {
        let text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n"
        let result = YAMLDocumentParser.parse(text: text, file: "f.yaml")
        let merged = result.root?.mappingEntries?.last?.value.mappingEntries ?? []
        #expect(merged.map(\.key) == ["x", "y"])
        #expect(merged.map { $0.value.scalarText } == ["1", "2"])
    }

    @Test func mergingSomethingOtherThanAMappingIsNamed() {
        let result = YAMLDocumentParser.parse(text: "a:\n  <<: 5\n", file: "f.yaml")
        #expect(result.diagnostics.first?.message == "'<<' merges mappings, found a number")
        #expect(result.diagnostics.first?.location == SourceLocation(file: "f.yaml", line: 2, column: 7))
    }

    @Test func aQuotedDoubleLessThanIsAnOrdinaryKey() {
        let result = YAMLDocumentParser.parse(text: "'<<': 1\n", file: "f.yaml")
        #expect(keys(result.root) == ["<<"])
    }

    @Test(arguments: [
        "steps: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
        "steps: " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000),
        (0..<400).map { String(repeating: "  ", count: $0) + "k\($0):\n" }.joined(),
    ])
    func deepNestingIsOneLocatedDiagnosticInOurWords(text: String) {
        let result = YAMLDocumentParser.parse(text: text, file: "f.yaml")
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(result.diagnostics.first?.message == "nesting is deeper than 256 levels")
        #expect(result.diagnostics.first?.location != nil)
    }

    @Test(arguments: [
        ("a: [1, 2\n", "expected ',' or ']', in a [ ] list"),
        ("a: \"open\n", "the file ends before a quote or bracket is closed, in a quoted string"),
        ("a:\n  b: 1\n c: 2\n", "expected a key at this indentation"),
        ("a: b: c\n", "a ': ' where no mapping can start; quote the text if it contains ': '"),
        ("a: @x\n", "a character that cannot start a YAML value (a tab, '@' or '`'); quote the value"),
    ])
    func libyamlMessagesAreRephrased(text: String, expected: String) {
        let message = YAMLDocumentParser.parse(text: text, file: "f.yaml").diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("invalid YAML: " + expected), "\(message)")
        #expect(!message.contains("yaml_"))
        #expect(!message.contains("while parsing"))
        #expect(!message.contains("while scanning"))
    }

    @Test func longLinesAreCutAroundTheColumnInExcerpts() {
        let line = "steps: [" + String(repeating: "x, ", count: 3_000) + "@]"
        let result = YAMLDocumentParser.parse(text: line + "\n", file: "f.yaml")
        let rendered = DiagnosticRenderer(sources: ["f.yaml": line]).render(result.diagnostics)
        let excerpt = rendered.split(separator: "\n")[1]
        #expect(excerpt.count < 120)
        #expect(excerpt.hasPrefix(" 1 | …"))
        #expect(excerpt.hasSuffix("@]"))
        let caret = rendered.split(separator: "\n")[2]
        // The caret sits under the '@' in the cut excerpt.
        let caretColumn = caret.count - 1
        let atColumn = (excerpt.firstIndex(of: "@").map { excerpt.distance(from: excerpt.startIndex, to: $0) }) ?? -1
        #expect(caretColumn == atColumn)
    }
}
