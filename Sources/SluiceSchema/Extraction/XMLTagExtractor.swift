import Foundation
public import SluiceCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Pulls tagged sections such as `<answer>…</answer>` out of a model's reply.
///
/// Replies mix prose and tags, and prose is rarely well-formed XML (`a < b`, a bare `&`), so the
/// reply as a whole is never parsed. Each tag's first `<tag>` … `</tag>` span is found by name
/// (attributes on the opening tag are allowed, names compare case-sensitively), and that span is
/// parsed on its own with libxml2 (FoundationXML) to decode entities and CDATA and to flatten
/// nested markup to its text. A span that is not well-formed XML is taken as its raw inner text.
/// Values are trimmed of surrounding whitespace.
public enum XMLTagExtractor {
    /// Extracts `required` and `optional` tags from `text` into an object of tag name → text.
    ///
    /// Keys follow the order of `required` then `optional`; a missing optional tag is left out.
    /// Throws a ``DiagnosticError`` (code `missing-output-tag`) naming every missing required tag.
    public static func extract(
        from text: String, required: [String], optional: [String] = []
    ) throws(DiagnosticError) -> JSONObject {
        var result = JSONObject()
        var missing: [String] = []
        for tag in required + optional {
            if let value = section(named: tag, in: text) {
                result[tag] = .string(value)
            } else if required.contains(tag) {
                missing.append(tag)
            }
        }
        guard missing.isEmpty else {
            let found = tagNames(in: text)
            let list = missing.map { "<\($0)>" }.joined(separator: ", ")
            var hint = "ask the model to wrap its answer in " + list
            if !found.isEmpty {
                hint += "; the reply has " + found.prefix(8).map { "<\($0)>" }.joined(separator: ", ")
                if let near = missing.lazy.compactMap({ NameSuggestion.nearest(to: $0, in: found) }).first {
                    hint += " (did you mean '\(near)'?)"
                }
            }
            throw DiagnosticError(
                .error(
                    .missingOutputTag,
                    "the model's reply has no \(list) section\(missing.count == 1 ? "" : "s")", at: nil, hint: hint))
        }
        return result
    }

    /// Splits tag specifications as a pipeline writes them: `reasoning?` marks an optional tag.
    public static func parseTagList(_ specifications: [String]) -> (required: [String], optional: [String]) {
        var required: [String] = []
        var optional: [String] = []
        for specification in specifications {
            if specification.hasSuffix("?") {
                optional.append(String(specification.dropLast()))
            } else {
                required.append(specification)
            }
        }
        return (required, optional)
    }

    /// The text of the first `<name>` … `</name>` span, or `nil` when there is none.
    static func section(named name: String, in text: String) -> String? {
        var searchStart = text.startIndex
        while let open = text.range(of: "<" + name, range: searchStart..<text.endIndex) {
            searchStart = open.upperBound
            guard let next = text[open.upperBound...].first, next == ">" || next == " " || next == "\n" || next == "\t"
            else { continue }
            guard let openEnd = text[open.upperBound...].firstIndex(of: ">") else { return nil }
            if text[text.index(before: openEnd)] == "/" { return "" }
            let contentStart = text.index(after: openEnd)
            guard let close = text.range(of: "</" + name + ">", range: contentStart..<text.endIndex) else {
                return nil
            }
            let inner = String(text[contentStart..<close.lowerBound])
            let span = String(text[open.lowerBound..<close.upperBound])
            return (parsedText(of: span) ?? inner).trimmingWhitespace()
        }
        return nil
    }

    /// The text content of a well-formed XML fragment, decoded by libxml2; `nil` when it is not well-formed.
    ///
    /// libxml2 may recover from some malformed input instead of failing, silently losing text, so
    /// a fragment with a bare `<` or `&` (common in prose and code) is refused before parsing.
    private static func parsedText(of fragment: String) -> String? {
        guard looksWellFormed(fragment), let document = try? XMLDocument(xmlString: fragment, options: []) else {
            return nil
        }
        return document.rootElement()?.stringValue
    }

    private static func looksWellFormed(_ fragment: String) -> Bool {
        // CDATA sections may hold anything; only the text around them needs checking.
        var outsideCDATA = ""
        var rest = Substring(fragment)
        while let open = rest.range(of: "<![CDATA[") {
            outsideCDATA += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "]]>") else { return false }
            rest = rest[close.upperBound...]
        }
        outsideCDATA += rest
        let characters = Array(outsideCDATA.unicodeScalars)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            if character == "<" && !(next.properties.isAlphabetic || next == "/" || next == "!" || next == "?") {
                return false
            }
            if character == "&" {
                let rest = characters[(index + 1)...].prefix(12)
                guard let semicolon = rest.firstIndex(of: ";"), semicolon > index + 1,
                    rest[..<semicolon].allSatisfy({
                        $0.properties.isAlphabetic || $0 == "#" || ("0"..."9").contains($0)
                    })
                else { return false }
            }
        }
        return true
    }

    /// The names of the opening tags in `text`, in order, without repeats.
    private static func tagNames(in text: String) -> [String] {
        var names: [String] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            let nameStart = text.index(after: open)
            let name = text[nameStart...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if !name.isEmpty, !names.contains(String(name)) { names.append(String(name)) }
            index = nameStart
        }
        return names
    }
}
