import SluiceCore
import Testing

/// Files that are not UTF-8 text are reported at the offending byte, with its line and column.
@Suite struct UTF8TextTests {
    private func problem(_ bytes: [UInt8]) -> UTF8Text.Problem? {
        do {
            let text = try UTF8Text.decode(bytes)
            Issue.record("decoded as \(text.debugDescription)")
            return nil
        } catch {
            return error
        }
    }

    @Test func invalidByteIsLocatedWhereItIs() {
        let bytes = Array("name: ok\nsecond: é".utf8) + [0xC3, 0x28] + Array(" tail".utf8)
        let found = problem(bytes)
        #expect(found?.byteOffset == 19)
        #expect(found?.line == 2)
        #expect(found?.column == 10)
        #expect(found?.message == "invalid UTF-8 at byte 19: 0xc3")
        #expect(found?.hint.contains("save the file as UTF-8") == true)
    }

    @Test func utf16ByteOrderMarksAreNamed() {
        #expect(problem([0xFF, 0xFE, 0x61, 0x00])?.message.contains("UTF-16 (little-endian)") == true)
        #expect(problem([0xFF, 0xFE, 0x61, 0x00])?.message.contains("ff fe") == true)
        #expect(problem([0xFE, 0xFF, 0x00, 0x61])?.message.contains("UTF-16 (big-endian)") == true)
        #expect(problem([0xFF, 0xFE, 0x00, 0x00])?.message.contains("UTF-32") == true)
    }

    @Test func aNulByteIsRefused() {
        let found = problem(Array("ab\ncd".utf8) + [0x00])
        #expect(found?.line == 2)
        #expect(found?.column == 3)
        #expect(found?.message.contains("NUL byte") == true)
    }

    @Test func aUTF8ByteOrderMarkIsDropped() throws {
        #expect(try UTF8Text.decode([0xEF, 0xBB, 0xBF] + Array("steps:".utf8)) == "steps:")
    }

    @Test func diagnosticsPointAtTheFile() {
        let diagnostic = problem([0x61, 0x0A, 0x80])?.diagnostic(file: "pipelines/p.yaml")
        #expect(diagnostic?.location == SourceLocation(file: "pipelines/p.yaml", line: 2, column: 1))
        #expect(diagnostic?.code == .notText)
    }
}

/// Strict JSON, for the files and inputs a user writes: a repeated key or a lone surrogate is a located error.
@Suite struct StrictJSONTests {
    @Test func duplicateKeysAreLocatedAtTheDuplicate() {
        do {
            _ = try JSONValue(parsing: "{\n  \"a\": 1,\n  \"a\": 2\n}", strict: true)
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.kind == .duplicateKey)
            #expect(error.line == 3)
            #expect(error.column == 3)
            #expect(error.message.contains("duplicate key 'a'"))
        }
    }

    @Test(arguments: [(#"["\ud800"]"#, 3), (#"["x\udc00"]"#, 4), (#"{"k": "\ud800 and more"}"#, 8)])
    func loneSurrogatesAreLocatedErrors(text: String, column: Int) {
        do {
            _ = try JSONValue(parsing: text, strict: true)
            Issue.record("a lone surrogate was accepted")
        } catch {
            #expect(error.kind == .loneSurrogate)
            #expect(error.line == 1)
            #expect(error.column == column)
        }
    }

    @Test func lenientParsingKeepsPythonsBehaviour() throws {
        #expect(try JSONValue(parsing: #"{"a": 1, "a": 2}"#) == ["a": 2])
        #expect(try JSONValue(parsing: #"["\ud800"]"#) == ["\u{FFFD}"])
        #expect(try JSONValue(parsing: #"["\ud83d\ude00"]"#, strict: true) == ["😀"])
    }
}
