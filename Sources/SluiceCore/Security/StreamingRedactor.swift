/// Redacts text that arrives in pieces (a model's streamed answer) without letting a secret
/// through when it is split across two pieces, and without holding ordinary words back.
///
/// Each piece is printed up to its last whitespace, redacted. The word after it (the tail) is
/// printed at once too unless it could be the start of a secret: a piece of a known secret, a
/// key shape's prefix (`sk-`, `AIza`, `gsk_`…), a token after `Bearer`, or a credential query
/// parameter (`key=`). Such a tail is held until the next piece arrives (or ``finish()``), so the
/// redactor sees the whole word. A held tail longer than ``longestHeldTail`` bytes is not a key
/// being split and is let through, so the output keeps flowing.
///
/// Holding back costs the time to the next piece, so it is kept to the words that need it: with
/// tokens that start with a space (` the`, ` cat`, as most models send them), holding every
/// last word would delay every word by one token.
public struct StreamingRedactor: Sendable {
    /// The longest tail held back, in UTF-8 bytes.
    public static let longestHeldTail = 4096

    /// The redactor applied to everything printed.
    public let redactor: SecretRedactor
    /// Text received but not yet printed: it may be the start of a secret.
    public private(set) var heldText = ""

    /// A streaming redactor applying `redactor`.
    public init(redactor: SecretRedactor) {
        self.redactor = redactor
    }

    /// The part of `piece` (after whatever was held) that can be printed now, redacted.
    public mutating func feed(_ piece: String) -> String {
        let pending = heldText + piece
        var cut = pending.lastIndex(where: \.isWhitespace).map { pending.index(after: $0) } ?? pending.startIndex
        // `Bearer <token>`: the token's start is held with the word `Bearer`, so the pattern is seen whole.
        var beforeEnd = cut
        while beforeEnd > pending.startIndex, pending[pending.index(before: beforeEnd)].isWhitespace {
            beforeEnd = pending.index(before: beforeEnd)
        }
        let before = pending[..<beforeEnd]
        let previousWordStart =
            before.lastIndex(where: \.isWhitespace).map { before.index(after: $0) } ?? before.startIndex
        if before[previousWordStart...].lowercased() == "bearer" { cut = previousWordStart }
        let tail = pending[cut...]
        let lastWord = tail.split(whereSeparator: \.isWhitespace).last ?? tail
        let holds =
            !tail.isEmpty && tail.utf8.count <= Self.longestHeldTail
            && (tail.lowercased().hasPrefix("bearer") || couldBeginSecret(lastWord))
        guard holds else {
            heldText = ""
            return redactor.redact(text: pending)
        }
        heldText = String(tail)
        return cut == pending.startIndex ? "" : redactor.redact(text: String(pending[..<cut]))
    }

    /// Whatever is still held, redacted; the stream has ended (or is interrupted).
    public mutating func finish() -> String {
        defer { heldText = "" }
        return heldText.isEmpty ? "" : redactor.redact(text: heldText)
    }

    /// Whether `tail` (a word with no whitespace after it) could be the start of a secret that the
    /// next piece completes.
    private func couldBeginSecret(_ tail: Substring) -> Bool {
        if tail.isEmpty { return false }
        let bytes = Array(tail.utf8)
        if "bearer".utf8.starts(with: bytes.map(Self.lowercased)) || bytes.contains(UInt8(ascii: "=")) { return true }
        // A key shape starts a token: at the word's start or after a character no key holds.
        for start in bytes.indices where start == 0 || !Self.isKeyCharacter(bytes[start - 1]) {
            let rest = bytes[start...]
            for shape in APIKeyShape.known {
                let prefix = Array(shape.prefix.utf8)
                if prefix.starts(with: rest) || rest.starts(with: prefix) { return true }
            }
        }
        return redactor.knownSecrets.contains { Self.overlaps(bytes, startOf: Array($0.utf8)) }
    }

    /// Whether some ending of `text` is a beginning of `secret`, or `text` holds all of it.
    private static func overlaps(_ text: [UInt8], startOf secret: [UInt8]) -> Bool {
        for length in stride(from: min(text.count, secret.count), through: 1, by: -1)
        where text[(text.count - length)...].elementsEqual(secret[..<length]) {
            return true
        }
        return text.count > secret.count && text.firstRange(of: secret) != nil
    }

    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
