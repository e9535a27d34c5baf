/// Turns the bytes of a user's file into text, or says where and why they are not UTF-8 text.
///
/// Every file Sluice reads (pipelines, templates, schemas, inputs) goes through here, so each
/// reports a bad file the same way: the byte offset, its line and column, what the byte is and
/// how to fix the file. A UTF-8 byte-order mark is accepted and dropped; a UTF-16 or UTF-32 one
/// is refused by name (editors on Windows often save that way), as is a NUL byte, which a text
/// file never holds and a UTF-16 file without a mark is full of.
public enum UTF8Text {
    /// Why bytes are not UTF-8 text, and where.
    public struct Problem: Error, Sendable, Equatable {
        /// The 0-based offset of the first offending byte.
        public var byteOffset: Int
        /// The 1-based line of that byte.
        public var line: Int
        /// The 1-based column of that byte, counted in characters.
        public var column: Int
        /// What is wrong, naming the byte.
        public var message: String
        /// What to do about it.
        public var hint: String

        /// The problem as a `not-text` diagnostic in `file` (the path shown to the user).
        public func diagnostic(file: String) -> Diagnostic {
            .error(.notText, message, at: SourceLocation(file: file, line: line, column: column), hint: hint)
        }
    }

    private static let saveAsUTF8 = "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"

    /// The text of `bytes`, without a leading UTF-8 byte-order mark.
    public static func decode(_ bytes: some Collection<UInt8>) throws(Problem) -> String {
        let bytes = Array(bytes)
        if let encoding = byteOrderMarkEncoding(bytes) {
            throw Problem(
                byteOffset: 0, line: 1, column: 1,
                message: "file is \(encoding) text (it starts with the byte-order mark \(markText(bytes, encoding)))",
                hint: saveAsUTF8)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        if let text = String(validating: body, as: UTF8.self), !body.contains(0) { return text }
        var iterator = body.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = body.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0 {
                    throw problem(
                        at: offset, in: bytes,
                        message:
                            "file holds a NUL byte (0x00) at byte \(offset), so it is binary or UTF-16, not UTF-8 text")
                }
                offset += encoded.count
            case .error(let length):
                let shown = bytes[offset..<(offset + length)].map { "0x" + hex($0) }.joined(separator: " ")
                throw problem(at: offset, in: bytes, message: "invalid UTF-8 at byte \(offset): \(shown)")
            case .emptyInput:
                // Unreachable: `String(validating:)` refused the bytes, so one of the cases above throws.
                throw problem(at: offset, in: bytes, message: "invalid UTF-8 at byte \(offset)")
            }
        }
    }

    private static func problem(at offset: Int, in bytes: [UInt8], message: String) -> Problem {
        let before = bytes[..<offset]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = before.count { $0 == 0x0A } + 1
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return Problem(byteOffset: offset, line: line, column: column, message: message, hint: saveAsUTF8)
    }

    private static func byteOrderMarkEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        return nil
    }

    private static func markText(_ bytes: [UInt8], _ encoding: String) -> String {
        bytes.prefix(encoding.hasPrefix("UTF-32") ? 4 : 2).map(hex).joined(separator: " ")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
