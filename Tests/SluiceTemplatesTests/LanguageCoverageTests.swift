import Foundation
import Testing

@testable import SluiceTemplates

/// Every filter and test the language offers is exercised by the differential corpus and documented.
@Suite struct LanguageCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpusText: String = {
        let corpus = root.appendingPathComponent("Fixtures/Corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".jinja") }.sorted().compactMap {
            FileManager.default.contents(atPath: corpus.appendingPathComponent($0).path).map {
                String(decoding: $0, as: UTF8.self)
            }
        }.joined(separator: "\n")
    }()
    static let documentation: String = {
        let path = root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/templates.md").path
        return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }()

    @Test(arguments: TemplateFilter.allCases)
    func filterIsInTheCorpusAndDocumented(_ filter: TemplateFilter) {
        let name = filter.rawValue
        let used = ["| \(name)", "|\(name)", "map('\(name)'"].contains { Self.corpusText.contains($0) }
        #expect(used, "no corpus case uses the '\(name)' filter")
        #expect(Self.documentation.contains("**`\(name)"), "docs/templates.md does not document '\(name)'")
    }

    @Test(arguments: TemplateTest.allCases)
    func testIsInTheCorpusAndDocumented(_ test: TemplateTest) {
        let name = test.rawValue
        let used = ["is \(name)", "is not \(name)", "'\(name)'"].contains { Self.corpusText.contains($0) }
        #expect(used, "no corpus case uses the '\(name)' test")
        #expect(Self.documentation.contains("`\(name)"), "docs/templates.md does not document '\(name)'")
    }
}
