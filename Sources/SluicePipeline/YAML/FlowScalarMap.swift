internal import SluiceCore
internal import SluiceTemplates

/// Maps a flow scalar's decoded text (plain, `'…'` or `"…"`) back to where each character is written.
///
/// YAML changes a flow scalar's length as it decodes it: escapes (`\n`, `\u00e9`, `\x41`), `''`
/// in single quotes, and line folding (a line break becomes a space, each blank line a line
/// break, indentation and trailing blanks go, and `\` at the end of a line joins it to the
/// next). This walks the source the way libyaml reads it, decoding as it goes and adding an
/// anchor wherever text and file stop advancing together. The decoded text must then equal
/// libyaml's; when it does not (a construct this walk does not model, such as a line break
/// other than `\n`), there is no map and the caller points at the scalar's start instead.
struct FlowScalarMap {
    /// The file's lines, split on `\n`.
    private let lines: [Substring]
    /// The characters of line `line` (0-based), without a trailing `\r`.
    private var characters: [Character] = []
    private var line: Int
    private var column: Int
    private var decoded = ""
    /// How many Unicode scalars `decoded` holds.
    private var decodedLength = 0
    private var anchors: [TemplateOrigin.Anchor] = []
    /// The 1-based text position the next decoded character takes.
    private var textLine = 1
    private var textColumn = 1
    private var afterReturn = false
    /// The file and text positions at which a copied character needs no anchor of its own.
    private var inStep: (line: Int, column: Int, textLine: Int, textColumn: Int)?

    private init(lines: [Substring], start: SourceLocation) {
        self.lines = lines
        line = start.line - 1
        column = start.column - 1
        characters = Self.characters(of: lines[line])
    }

    /// Anchors for `text`, the decoded value of the `style` scalar starting at `start` in a file
    /// split into `lines`; `nil` when the walk cannot reproduce `text` exactly.
    static func anchors(
        for text: String, style: YAMLScalarStyle, at start: SourceLocation, in lines: [Substring]
    ) -> [TemplateOrigin.Anchor]? {
        guard start.line >= 1, start.line <= lines.count, start.column >= 1 else { return nil }
        var map = FlowScalarMap(lines: lines, start: start)
        let walked: Bool
        switch style {
        case .doubleQuoted: walked = map.walkQuoted(quote: "\"")
        case .singleQuoted: walked = map.walkQuoted(quote: "'")
        case .plain: walked = map.walkPlain(length: text.unicodeScalars.count)
        case .literal, .folded: return nil
        }
        guard walked, map.decoded == text else { return nil }
        return map.anchors
    }

    private static func characters(of line: Substring) -> [Character] {
        var characters = Array(line)
        if characters.last == "\r" { characters.removeLast() }
        return characters
    }

    // MARK: - Walking

    /// Decodes up to the closing quote; every turn moves the cursor on, and `fold` stops at the file's end.
    private mutating func walkQuoted(quote: Character) -> Bool {
        guard column < characters.count, characters[column] == quote else { return false }
        column += 1
        while true {
            guard column < characters.count else {
                guard fold(escaped: false) else { return false }
                continue
            }
            let character = characters[column]
            if character == quote {
                guard quote == "'", column + 1 < characters.count, characters[column + 1] == "'" else { return true }
                emit("'", copied: false)
                column += 2
            } else if quote == "\"", character == "\\" {
                guard column + 1 < characters.count else {
                    guard fold(escaped: true) else { return false }
                    continue
                }
                guard escape() else { return false }
            } else {
                copyOrSkipTrailingBlanks()
            }
        }
    }

    /// Decodes `length` scalars: a plain scalar has no closing mark, and libyaml has already found its end.
    private mutating func walkPlain(length: Int) -> Bool {
        while decodedLength < length {
            guard column < characters.count else {
                guard fold(escaped: false) else { return false }
                continue
            }
            copyOrSkipTrailingBlanks()
        }
        return true
    }

    /// Copies the character at the cursor, or skips to the line's end when only blanks remain (YAML drops them).
    private mutating func copyOrSkipTrailingBlanks() {
        if characters[column...].allSatisfy(Self.isBlank) {
            column = characters.count
            return
        }
        emit(characters[column], copied: true)
        column += 1
    }

    /// Moves past a line break: one line break becomes a space (none when `escaped`), each blank
    /// line after it a line break, and the next line's indentation is skipped.
    private mutating func fold(escaped: Bool) -> Bool {
        let breakColumn = column
        let breakLine = line
        var blankLines = 0
        repeat {
            line += 1
            guard line < lines.count else { return false }
            characters = Self.characters(of: lines[line])
            if characters.allSatisfy(Self.isBlank) { blankLines += 1 } else { break }
        } while true
        column = characters.prefix(while: Self.isBlank).count
        if blankLines == 0 {
            if !escaped { emit(" ", at: (breakLine, breakColumn)) }
        } else {
            for blank in 0..<blankLines { emit("\n", at: (line - blankLines + blank, 0)) }
        }
        return true
    }

    /// Decodes the escape at the cursor (a `\` with a character after it on the same line).
    private mutating func escape() -> Bool {
        let simple: [Character: Character] = [
            "0": "\u{0}", "a": "\u{7}", "b": "\u{8}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{B}", "f": "\u{C}",
            "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "'": "'", "\\": "\\", "N": "\u{85}",
            "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
        ]
        let code = characters[column + 1]
        if let value = simple[code] {
            emit(value, copied: false)
            column += 2
            return true
        }
        let digits: Int
        switch code {
        case "x": digits = 2
        case "u": digits = 4
        case "U": digits = 8
        default: return false
        }
        let end = column + 2 + digits
        guard end <= characters.count, let number = UInt32(String(characters[(column + 2)..<end]), radix: 16),
            let scalar = Unicode.Scalar(number)
        else { return false }
        emit(Character(scalar), copied: false)
        column = end
        return true
    }

    // MARK: - Recording

    /// Adds `character` as written at the cursor; only a `copied` one lets the next copy share its anchor.
    private mutating func emit(_ character: Character, copied: Bool) {
        emit(character, at: (line, column))
        if copied { inStep = (line, column + 1, textLine, textColumn) }
    }

    /// Adds `character`, anchored at the 0-based file position `place` unless it continues a run of copies.
    private mutating func emit(_ character: Character, at place: (line: Int, column: Int)) {
        let continuesRun = inStep.map { $0 == (place.line, place.column, textLine, textColumn) } ?? false
        if !continuesRun {
            anchors.append(
                TemplateOrigin.Anchor(
                    textLine: textLine, textColumn: textColumn, fileLine: place.line + 1, fileColumn: place.column + 1))
        }
        inStep = nil
        decoded.append(character)
        decodedLength += character.unicodeScalars.count
        // Text positions count as the template parser does: `\r`, `\n` and `\r\n` each end a line.
        if character == "\r" || character == "\r\n" || (character == "\n" && !afterReturn) {
            textLine += 1
            textColumn = 1
        } else if character != "\n" {
            textColumn += 1
        }
        afterReturn = character == "\r"
    }

    private static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t"
    }
}
