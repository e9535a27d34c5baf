internal import SluiceCore

/// A template's text as Unicode scalars, with what is needed to turn an offset into a file location.
///
/// Offsets count Unicode scalars (as Jinja2 counts code points); columns in locations count
/// characters, so a caret lines up under the offending text.
struct SourceText: Sendable {
    /// The text, one element per Unicode scalar.
    let scalars: [Unicode.Scalar]
    /// The offset of the first scalar of each line.
    let lineStarts: [Int]
    /// Where the text sits in the user's file.
    let origin: TemplateOrigin

    /// The text with `\r\n` and lone `\r` line breaks turned into `\n`, as Jinja2 normalises them.
    init(_ text: String, origin: TemplateOrigin) {
        var normalized: [Unicode.Scalar] = []
        normalized.reserveCapacity(text.unicodeScalars.count)
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", previousWasReturn {
                previousWasReturn = false
                continue
            }
            previousWasReturn = scalar == "\r"
            normalized.append(previousWasReturn ? "\n" : scalar)
        }
        scalars = normalized
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(offset + 1)
        }
        lineStarts = starts
        self.origin = origin
    }

    /// The 1-based line of the text holding `offset`.
    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The file location of the scalar at `offset`.
    func location(at offset: Int) -> SourceLocation {
        let line = line(at: offset)
        let start = lineStarts[line - 1]
        let end = min(max(offset, start), scalars.count)
        let prefix = scalars[start..<end]
        // Columns count characters; only text outside ASCII can hold several scalars per character.
        let column = prefix.allSatisfy(\.isASCII) ? prefix.count + 1 : TextOperations.string(prefix).count + 1
        return origin.location(line: line, column: column)
    }

    /// The text between two offsets.
    func text(from start: Int, to end: Int) -> String {
        TextOperations.string(scalars[start..<end])
    }
}
