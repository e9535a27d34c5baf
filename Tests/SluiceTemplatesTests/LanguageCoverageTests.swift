import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceTemplates

/// Every filter and test the language offers is exercised by the differential corpus and documented.
@Suite struct LanguageCoverageTests {
    static let fixtures = TestFixtures()
    static let corpusText: String = TestFixtures.names(in: fixtures.url("Corpus"), withExtension: "jinja")
        .compactMap { try? fixtures.text("Corpus/\($0).jinja") }.joined(separator: "\n")
    static let documentation: String = {
        let path = fixtures.repositoryRoot.appendingPathComponent("docs/templates.md").path
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
