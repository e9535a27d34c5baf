import Foundation
import SluiceCore
import SluiceTemplates
import SluiceTestSupport
import Testing

/// Renders every case of the differential corpus and compares with what Jinja2 3.1.6 rendered.
///
/// Each case is `NAME.jinja` with an optional `NAME.json` context; `NAME.expected` holds Jinja2's
/// output, or `NAME.error` the exception Jinja2 raised, in which case Sluice must fail too.
/// `scripts/jinja-expectations.py` regenerates the expectations.
@Suite struct DifferentialCorpusTests {
    static let corpus = TestFixtures().url("Corpus")

    static let caseNames = TestFixtures.names(in: corpus, withExtension: "jinja")

    static let environment = TemplateEnvironment(
        rootDirectory: corpus.appendingPathComponent("templates").path, displayRoot: "templates")

    private static func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    @Test func corpusHasEnoughCasesOfEachKind() {
        #expect(Self.caseNames.count >= 200)
        let failing = Self.caseNames.filter { Self.read($0 + ".error") != nil }
        #expect(failing.count >= 40)
    }

    @Test(arguments: caseNames)
    func rendersLikeJinja(_ name: String) throws {
        let source = try #require(Self.read(name + ".jinja"))
        var context = JSONObject()
        if let contextText = Self.read(name + ".json") {
            context = try #require(try JSONValue(parsing: contextText).objectValue)
        }
        let origin = TemplateOrigin(file: name + ".jinja")
        if let expected = Self.read(name + ".expected") {
            let output = try Template(parsing: source, origin: origin).render(
                context: context, environment: Self.environment)
            #expect(output == expected, "case \(name)")
            return
        }
        let jinjaError = try #require(Self.read(name + ".error"), "case \(name) has no expectation")
        let error = #expect(throws: DiagnosticError.self, "case \(name): Jinja2 raised \(jinjaError)") {
            try Template(parsing: source, origin: origin).render(context: context, environment: Self.environment)
        }
        guard let diagnostic = error?.diagnostics.first else { return }
        #expect(diagnostic.location != nil, "case \(name) has no location")
        if jinjaError.hasPrefix("UndefinedError") && !name.contains("include") {
            #expect(diagnostic.code == .templateUndefined, "case \(name): \(diagnostic.headline)")
        }
        if jinjaError.hasPrefix("TemplateSyntaxError") || jinjaError.hasPrefix("TemplateAssertionError") {
            let parses = (try? Template(parsing: source, origin: origin)) != nil
            #expect(!parses || name.contains("include"), "case \(name) should fail when parsed")
        }
    }
}
