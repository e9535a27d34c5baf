public import SluiceCore

/// Finds the JSON value in a model's reply: the whole reply, a fenced code block, or a value in prose.
///
/// Candidates are tried in this order, and within each kind in text order:
/// 1. the whole reply (trimmed) as one JSON value;
/// 2. the body of each fenced block labelled `json` (any case), then each unlabelled fence;
/// 3. each complete object or array that starts at a `{` or `[` in the prose (the JSON parser reads
///    strings properly, so braces inside strings do not confuse it).
///
/// When a predicate is given (usually "is valid against the step's schema"), the first candidate
/// that satisfies it wins; when none does, or without a predicate, the first candidate that parses
/// wins. So with several JSON values in a reply, the earliest schema-valid one is taken.
public enum JSONOutputExtractor {
    /// Where the chosen value came from.
    public enum Source: String, Sendable, Hashable {
        /// The whole reply was the JSON value.
        case wholeText = "whole-text"
        /// A fenced code block.
        case fence
        /// A value inside prose.
        case prose
    }

    /// A JSON value found in a reply.
    public struct Extraction: Sendable, Hashable {
        /// The value.
        public var value: JSONValue
        /// Where it was found.
        public var source: Source
    }

    /// The most `{`/`[` positions tried in prose, so a reply full of braces cannot take quadratic time.
    static let maximumProseStarts = 256

    /// The JSON value in `text`, preferring the first candidate for which `isAcceptable` holds.
    ///
    /// Throws a ``DiagnosticError`` with code `no-json-in-output` that says what was tried.
    public static func extract(
        from text: String, preferring isAcceptable: (JSONValue) -> Bool = { _ in true }
    ) throws(DiagnosticError) -> Extraction {
        var firstParsed: Extraction?
        var attempts: [String] = []
        func consider(_ value: JSONValue, _ source: Source) -> Extraction? {
            let extraction = Extraction(value: value, source: source)
            if isAcceptable(value) { return extraction }
            if firstParsed == nil { firstParsed = extraction }
            return nil
        }

        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty {
            throw DiagnosticError(
                .error(
                    .noJSONInOutput, "the model's reply is empty; expected a JSON value", at: nil,
                    hint: "check the prompt asks for JSON, and that max_tokens leaves room for the answer"))
        }
        do {
            let value = try JSONValue(parsing: trimmed)
            if let found = consider(value, .wholeText) { return found }
        } catch {
            attempts.append("the whole reply (\(error.line):\(error.column): \(error.message))")
        }

        let fences = fencedBlocks(in: text)
        var fenceFailures = 0
        for fence in fences.sorted(by: { $0.isJSON && !$1.isJSON }) {
            guard let value = try? JSONValue(parsing: fence.body.trimmingWhitespace()) else {
                fenceFailures += 1
                continue
            }
            if let found = consider(value, .fence) { return found }
        }
        if !fences.isEmpty && fenceFailures > 0 {
            attempts.append(
                "\(fences.count) fenced block\(fences.count == 1 ? "" : "s") (\(fenceFailures) not valid JSON)")
        }

        let bytes = Array(text.utf8)
        var offset = 0
        var starts = 0
        while offset < bytes.count, starts < maximumProseStarts {
            let byte = bytes[offset]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else {
                offset += 1
                continue
            }
            starts += 1
            if let (value, end) = JSONValue.parsePrefix(of: bytes, from: offset) {
                if let found = consider(value, .prose) { return found }
                offset = end
            } else {
                offset += 1
            }
        }
        if starts > 0 { attempts.append("\(starts) '{' or '[' position\(starts == 1 ? "" : "s") in the prose") }

        if let firstParsed { return firstParsed }
        let tried = attempts.isEmpty ? "" : "; tried " + attempts.joined(separator: ", ")
        throw DiagnosticError(
            .error(
                .noJSONInOutput, "no JSON value found in the model's reply\(tried)", at: nil,
                hint: "ask for a single JSON object, optionally in a ```json fence"))
    }

    private struct Fence {
        var isJSON: Bool
        var body: String
    }

    /// The fenced code blocks (```` ``` ```` lines) in `text`; an unclosed last fence runs to the end.
    private static func fencedBlocks(in text: String) -> [Fence] {
        var fences: [Fence] = []
        var current: (label: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let stripped = line.drop { $0 == " " || $0 == "\t" }
            if stripped.hasPrefix("```") {
                if let open = current {
                    fences.append(Fence(isJSON: open.label == "json", body: open.lines.joined(separator: "\n")))
                    current = nil
                } else {
                    let label = String(stripped.dropFirst(3)).trimmingWhitespace().lowercased()
                    current = (label, [])
                }
            } else {
                current?.lines.append(line)
            }
        }
        if let open = current {
            fences.append(Fence(isJSON: open.label == "json", body: open.lines.joined(separator: "\n")))
        }
        return fences
    }
}
