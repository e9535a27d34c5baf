import SluiceCore
import Testing

@Suite struct DiagnosticTests {
    let source = "steps:\n  classify:\n    promt: hello\n"

    @Test func renderedLikeACompilerWithCaretAndHint() {
        let diagnostic = Diagnostic.error(
            "unknown-key", "unknown key 'promt'", at: SourceLocation(file: "pipelines/triage.yaml", line: 3, column: 5),
            hint: "did you mean 'prompt'?")
        let renderer = DiagnosticRenderer(sources: ["pipelines/triage.yaml": source])
        #expect(
            renderer.render(diagnostic) == """
                pipelines/triage.yaml:3:5: error: unknown key 'promt' [unknown-key]
                 3 |     promt: hello
                   |     ^
                   = hint: did you mean 'prompt'?
                """)
    }

    @Test func renderedWithoutSourceShowsHeadlineAndHint() {
        let diagnostic = Diagnostic.warning(
            "slow", "this is slow", at: SourceLocation(file: "a.yaml", line: 10, column: 2), hint: "go faster")
        #expect(
            DiagnosticRenderer().render(diagnostic) == "a.yaml:10:2: warning: this is slow [slow]\n = hint: go faster")
    }

    @Test func severalDiagnosticsEndWithACount() {
        let location = SourceLocation(file: "x", line: 1, column: 1)
        let rendered = DiagnosticRenderer().render([
            .error("a", "first", at: location), .error("b", "second", at: location),
            .warning("c", "third", at: nil),
        ])
        #expect(rendered.hasSuffix("2 errors, 1 warning\n"))
        #expect(rendered.contains("warning: third [c]\n"))
    }

    @Test func jsonFormCarriesEveryField() {
        let diagnostic = Diagnostic.error(
            "unknown-key", "bad", at: SourceLocation(file: "f.yaml", line: 2, column: 3), hint: "fix it")
        #expect(
            diagnostic.jsonValue.formatted()
                == #"{"severity":"error","code":"unknown-key","message":"bad","file":"f.yaml","line":2,"column":3,"hint":"fix it"}"#
        )
    }

    @Test func locationsSortInReadingOrder() {
        let locations = [
            SourceLocation(file: "b", line: 1, column: 1), SourceLocation(file: "a", line: 2, column: 1),
            SourceLocation(file: "a", line: 1, column: 9),
        ]
        #expect(locations.sorted().map(\.description) == ["a:1:9", "a:2:1", "b:1:1"])
    }
}

@Suite struct NameSuggestionTests {
    @Test func suggestsCloseTypos() {
        #expect(NameSuggestion.nearest(to: "promt", in: ["prompt", "system", "model"]) == "prompt")
        #expect(NameSuggestion.nearest(to: "uppper", in: ["upper", "lower"]) == "upper")
        #expect(NameSuggestion.nearest(to: "modle", in: ["prompt", "model"]) == "model")
    }

    @Test func staysQuietWhenNothingIsClose() {
        #expect(NameSuggestion.nearest(to: "x", in: ["prompt", "system"]) == nil)
        #expect(NameSuggestion.hint(for: "completely", in: ["prompt"]) == nil)
    }

    /// Found by fuzz-schema: a schema whose unknown keys were each hundreds of replacement
    /// characters took over 10 s, comparing every key with every keyword character by character.
    @Test func aVeryLongNameIsComparedOnlyWithNamesOfALikeLength() {
        let long = String(repeating: "\u{FFFD}", count: 200_000)
        #expect(NameSuggestion.nearest(to: long, in: ["properties", "items", "additionalProperties"]) == nil)
        let medium = String(repeating: "a", count: 300)
        #expect(NameSuggestion.nearest(to: "x" + medium, in: [medium, "items"]) == medium)
    }
}

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("250ms", 250), ("60s", 60_000), ("2m", 120_000), ("1h30m", 5_400_000), ("1.5s", 1500),
        ("1m30s500ms", 90_500), (" 5s ", 5000),
    ])
    func parsesUnits(text: String, milliseconds: Int) throws {
        #expect(try DurationParser.parse(text) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["60", "", "5x", "s", "1s1h", "1m1m", "-5s"])
    func refusesMalformedDurationsWithLocation(text: String) {
        let location = SourceLocation(file: "p.yaml", line: 4, column: 14)
        #expect(throws: DiagnosticError.self) { try DurationParser.parse(text, at: location) }
        do {
            _ = try DurationParser.parse(text, at: location)
        } catch {
            #expect(error.diagnostics.first?.location == location)
            #expect(error.diagnostics.first?.code == .invalidDuration)
            #expect(error.diagnostics.first?.hint?.contains("1h30m") == true)
        }
    }
}

@Suite struct DurationLimitTests {
    @Test(arguments: [
        "99999999999999999999999s", "1h99999999999999999999m", "9223372036854775807s", "87601h",
        String(repeating: "9", count: 400) + "ms",
    ])
    func refusesDurationsLongerThanTenYearsWithLocation(text: String) {
        let location = SourceLocation(file: "p.yaml", line: 3, column: 10)
        do {
            let duration = try DurationParser.parse(text, at: location)
            Issue.record("accepted \(text) as \(duration)")
        } catch {
            #expect(error.diagnostics.first?.location == location)
            #expect(error.diagnostics.first?.message.contains("too long") == true)
        }
    }

    @Test func acceptsTenYears() throws {
        #expect(try DurationParser.parse("87600h") == .seconds(87600 * 3600))
    }
}
