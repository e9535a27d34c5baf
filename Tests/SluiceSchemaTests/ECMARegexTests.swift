import SluiceCore
import Testing

@testable import SluiceSchema

@Suite struct ECMARegexTests {
    @Test(arguments: [
        ("^a+$", "aaa", true), ("^a+$", "aab", false), ("b", "abc", true), ("^\\d{3}$", "123", true),
        ("^\\d{3}$", "12", false), ("^[^x]+$", "abc", true), ("^[^x]+$", "axc", false), ("colou?r", "color", true),
        ("^(ab|cd)+$", "abcdab", true), ("^(ab|cd)+$", "abc", false), ("^a.c$", "a\nc", false), ("^a.c$", "abc", true),
        ("\\bword\\b", "a word here", true), ("\\bword\\b", "swordfish", false), ("^(?=.*\\d)[a-z\\d]+$", "abc1", true),
        ("^(?!x)", "xyz", false), ("^a{2,}$", "aaaa", true), ("^a{2,}?b$", "aab", true), ("x{", "ax{", true),
        ("^[\\w-]+$", "a-b_c", true), ("^\\s$", "\u{FEFF}", true), ("^\\S$", "\u{2003}", false),
        ("^\\u00e9$", "é", true), ("^[a-c]*$", "", true), ("a$", "a\n", false),
        ("^.*$", String(repeating: "z", count: 100_000), true),
    ])
    func matchesLikeECMAScript(pattern: String, text: String, expected: Bool) throws {
        #expect(try ECMARegex(pattern).matches(text) == expected)
    }

    @Test func catastrophicBacktrackingIsUndecidedInsteadOfHanging() throws {
        let regex = try ECMARegex("(a+)+$")
        let hostile = String(repeating: "a", count: 40) + "!"
        #expect(regex.decide(hostile) == nil)
        #expect(regex.decide("aaaa") == true)
        let schema = try Schema(text: #"{"type": "string", "pattern": "(a+)+$"}"#)
        let result = schema.validate(.string(hostile))
        #expect(!result.isValid)
        #expect(result.errors.first?.keyword == "pattern")
        #expect(result.errors.first?.found.contains("backtracks without end") == true)
    }

    @Test func builtInMatcherHandlesCommonPatterns() {
        #expect(RegexProgram("^[A-Z]{3}-\\d+$") != nil)
        #expect(RegexProgram("(?<year>\\d{4})") != nil)
        #expect(RegexProgram("(a)\\1") == nil, "back-references fall back to the platform engine")
        #expect(RegexProgram("(?<=a)b") == nil, "look-behinds fall back to the platform engine")
    }

    @Test func platformFallbackStillMatches() throws {
        #expect(try ECMARegex("(a)\\1").matches("xaa"))
        #expect(try !ECMARegex("(a)\\1").matches("xab"))
    }

    @Test func invalidPatternIsRejected() {
        #expect(throws: (any Error).self) { try ECMARegex("(unclosed") }
    }
}

extension ECMARegexTests {
    @Test func longRepeatedGroupsFallBackInsteadOfOverflowing() async throws {
        let regex = try ECMARegex("^(ab)+$")
        let long = String(repeating: "ab", count: 5_000)
        let matched = await Task { regex.matches(long) }.value
        #expect(matched)
        #expect(try !ECMARegex("^(ab)+$").matches(long + "a"))
    }
}
